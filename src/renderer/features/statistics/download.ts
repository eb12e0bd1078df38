import type { AppError } from '../../../shared/ipc';
import { api } from '../../services/api';

/**
 * Hands a file main wrote into `<data>/reports/` to the browser (web mode cannot open the data
 * folder): read through `report:read`, saved as a download. Returns the error, if any.
 */
export async function downloadReportFile(fileName: string): Promise<AppError | null> {
  const r = await api.invoke('report:read', { fileName }, { timeoutMs: 120_000 });
  if (!r.ok) return r.error;
  const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: r.value.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = r.value.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
