// Turning a rendered chart into a file: the bytes as a Blob and a name to suggest. The app (or
// ChartFrame's fallback download) decides where it goes.

export type ExportFormat = 'png' | 'svg';

export interface ChartExport {
  format: ExportFormat;
  blob: Blob;
  filename: string;
}

const MIME: Record<ExportFormat, string> = { png: 'image/png', svg: 'image/svg+xml' };

/** 'Loss per epoch' + png -> 'loss-per-epoch.png': safe on every file system. */
export function exportFilename(title: string, format: ExportFormat): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'chart'}.${format}`;
}

/** Decodes a base64 or URL-encoded data: URL (what getDataURL returns) into a Blob. */
export function dataUrlToBlob(url: string): Blob {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error('not a data: URL');
  const header = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const mime = header.split(';')[0] || 'application/octet-stream';
  if (header.endsWith(';base64')) {
    const bin = atob(body);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: mime });
  }
  return new Blob([decodeURIComponent(body)], { type: mime });
}

export function svgBlob(svg: string): Blob {
  // The XML declaration lets standalone viewers pick the encoding without guessing.
  const text = svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
  return new Blob([text], { type: MIME.svg });
}

export function mimeOf(format: ExportFormat): string {
  return MIME[format];
}
