/** The page's accessibility tree as Chromium reports it, and the controls it names. */
import { a11ySnapshot } from '@web/test-runner-commands';

export interface AxNode {
  role: string;
  name: string;
  children?: AxNode[];
}

/** A node as `findAccessibilityNode` walks it, with the states the tests read. */
export interface AxTreeNode {
  role: string;
  name: string;
  description?: string;
  pressed?: boolean | 'mixed';
  children: AxTreeNode[];
}

/** Names of the buttons (and links) in the page's accessibility tree. */
export async function controlNames(): Promise<string[]> {
  const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
  const names: string[] = [];
  const walk = (node: AxNode) => {
    if (node.role === 'button' || node.role === 'link') names.push(node.name);
    node.children?.forEach(walk);
  };
  walk(snapshot);
  return names;
}
