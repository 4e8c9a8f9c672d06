// Mail bodies are plain text; the URLs in them (reset and invitation links) become links.
import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { splitLinks } from './text-links';

export function linkify(text: string): ReactNode[] {
  return splitLinks(text).map((part, index) =>
    part.kind === 'link' ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
      <Anchor key={index} href={part.url} style={{ wordBreak: 'break-all' }}>
        {part.url}
      </Anchor>
    ) : (
      part.text
    ),
  );
}
