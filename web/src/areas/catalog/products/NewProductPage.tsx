// 商品テンプレートの新規作成 (seed 000): fill in the product, [次へ], check it, [保存する];
// 「商品テンプレートの作成が成功しました」 and on to the product (status 作成中), where it is published.
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { applyFieldErrors } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { notifyError, notifySuccess } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { ProductFields } from './ProductFields';
import { ProductTerms } from './ProductTerms';
import { emptyProduct, type ProductFormValues, productRequest, validateProduct } from './product-form';

export function NewProductPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const saveButton = useRef<HTMLButtonElement>(null);

  // Each step starts at the top; on the confirmation the keyboard is on [保存する].
  useEffect(() => {
    window.scrollTo({ top: 0 });
    if (step === 'confirm') saveButton.current?.focus();
  }, [step]);
  const form = useForm<ProductFormValues>({
    mode: 'controlled',
    initialValues: emptyProduct,
    validate: validateProduct(t),
  });

  const create = useMutation({
    mutationFn: (values: ProductFormValues) =>
      unwrap(api.POST('/api/v1/products', { body: productRequest(values) })),
    onSuccess: async (product) => {
      notifySuccess(t, t('products.created'));
      queryClient.setQueryData(['products', 'detail', product.id], product);
      await queryClient.invalidateQueries({ queryKey: ['products', 'list'] });
      await navigate({ to: '/products/$id', params: { id: product.id } });
    },
    onError: (error) => {
      setStep('form');
      if (!applyFieldErrors(form, error, { product_code_taken: 'code' })) notifyError(t, error);
    },
  });

  return (
    <Stack gap="md" maw={900}>
      <AnchorLink to="/products" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('products.backToList')}
        </Group>
      </AnchorLink>
      <PageHeader title={t('products.createTitle')} />
      <Text size="sm" c="dimmed" aria-live="polite">
        {step === 'form' ? t('products.stepForm') : t('products.stepConfirm')}
      </Text>

      {step === 'form' ? (
        <Card withBorder radius="md" padding="lg">
          <form onSubmit={form.onSubmit(() => setStep('confirm'))} noValidate>
            <Stack gap="lg">
              <ProductFields form={form} />
              <Group justify="flex-end">
                <Button type="submit" w={{ base: '100%', sm: 'auto' }}>
                  {t('common.next')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      ) : (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="lg">
            <Alert color="blue" variant="light">
              {t('products.confirmIntro')}
            </Alert>
            <ProductTerms product={productRequest(form.getValues())} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setStep('form')} disabled={create.isPending}>
                {t('common.back')}
              </Button>
              <Button
                onClick={() => create.mutate(form.getValues())}
                loading={create.isPending}
                data-autofocus
              >
                {t('common.saveIt')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
