/**
 * "Ask others to write": plain links that share the campaign page. Links only — no button script, no counter, no
 * tracking parameter — so nothing is loaded from those sites unless the supporter follows a link.
 */
export interface ShareLink {
  name: string;
  href: string;
}

export function shareLinks(pageUrl: string, title: string): ShareLink[] {
  const url = encodeURIComponent(pageUrl);
  const text = encodeURIComponent(`${title}: write a letter too.`);
  return [
    { name: 'Email', href: `mailto:?subject=${encodeURIComponent(title)}&body=${text}%0A%0A${url}` },
    { name: 'WhatsApp', href: `https://wa.me/?text=${text}%20${url}` },
    { name: 'Telegram', href: `https://t.me/share/url?url=${url}&text=${text}` },
    { name: 'Bluesky', href: `https://bsky.app/intent/compose?text=${text}%20${url}` },
    { name: 'X', href: `https://x.com/intent/post?text=${text}&url=${url}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${url}` },
    { name: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${url}` },
  ];
}
