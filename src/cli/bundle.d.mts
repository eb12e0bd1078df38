// Types of bundle.mjs for the TypeScript that imports it (tests, bench).
export declare const ROOT: string;
export declare const CLI_ENTRY: string;
export declare const CLI_BUNDLE: string;
export declare const CLI_INPUTS: string;
export declare function cliBundleOptions(root?: string): Record<string, unknown>;
export declare function buildCliBundle(root?: string): Promise<string>;
export declare function cliBundleStale(root?: string): string | null;
export declare function ensureCliBundle(root?: string, log?: (s: string) => void): Promise<string>;
