/** True while a drag carries files from outside (not text or a link dragged within the page). */
export function dragCarriesFiles(dataTransfer: DataTransfer | null): boolean {
  return dataTransfer !== null && Array.from(dataTransfer.types).includes('Files');
}
