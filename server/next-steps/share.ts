import type { Translate } from '../i18n/messages.ts';

/**
 * "Ask others to write": plain links that share the campaign page. Links only — no button script, no counter, no
 * tracking parameter — so nothing is loaded from those sites unless the supporter follows a link.
 */
export interface ShareLink {
  name: string;
  /** Not `href`: in a template, {{href}} is the helper that makes links on this site. */
  url: string;
}

/** The links, with the message they suggest in the page's language (the sites' names are their own). */
export function shareLinks(t: Translate, pageUrl: string, title: string): ShareLink[] {
  const url = encodeURIComponent(pageUrl);
  const text = encodeURIComponent(t('next-steps.share.text', { title }));
  return [
    { name: t('next-steps.share.email'), url: `mailto:?subject=${encodeURIComponent(title)}&body=${text}%0A%0A${url}` },
    { name: 'WhatsApp', url: `https://wa.me/?text=${text}%20${url}` },
    { name: 'Telegram', url: `https://t.me/share/url?url=${url}&text=${text}` },
    { name: 'Bluesky', url: `https://bsky.app/intent/compose?text=${text}%20${url}` },
    { name: 'X', url: `https://x.com/intent/post?text=${text}&url=${url}` },
    { name: 'Facebook', url: `https://www.facebook.com/sharer/sharer.php?u=${url}` },
    { name: 'LinkedIn', url: `https://www.linkedin.com/sharing/share-offsite/?url=${url}` },
  ];
}
