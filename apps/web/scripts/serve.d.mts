/** The built app's folder. */
export declare const distFolder: string;
/** Serves `folder` on 127.0.0.1 with the cross-origin isolation headers (port 0: a free one). */
export declare function startStaticServer(folder?: string, port?: number): Promise<{ url: string; close(): Promise<void> }>;
