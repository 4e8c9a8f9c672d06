import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './i18n';
import { createTheme, MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { queryClient, router } from './router';

const fontFamily = '"Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif';

const theme = createTheme({
  fontFamily,
  headings: { fontFamily },
  primaryColor: 'indigo',
  defaultRadius: 'sm',
});

/** Modals confirm with the labels of the current language. */
function Providers() {
  const { t } = useTranslation();
  return (
    <ModalsProvider labels={{ confirm: t('common.confirm'), cancel: t('common.cancel') }}>
      <Notifications position="bottom-right" limit={4} />
      <RouterProvider router={router} />
    </ModalsProvider>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <Providers />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
