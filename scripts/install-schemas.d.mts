// Types of install-schemas.mjs for the TypeScript CLI (src/cli/schemas.ts).
export declare const BUNDLES: Record<'zds-1.1' | 'zds-1.2', string[]>;
export declare function schemaSource(dir?: string): string;
export declare function installSchemas(source?: string, target?: string): { source: string; target: string; bundles: string[] };
