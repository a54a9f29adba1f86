import type { FileDownload } from '../../../shared/contract';

/**
 * Hands a file made by the back end to the person: the browser's download in serve mode, the save
 * dialog in the desktop app. The bytes never leave the machine.
 */
export function saveDownload(file: FileDownload): void {
  const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Late enough for the download to have started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
