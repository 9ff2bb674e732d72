export function mountExplorerView(root: HTMLElement): void {
  root.textContent = 'Explorer: coming in the next commit.';
}
