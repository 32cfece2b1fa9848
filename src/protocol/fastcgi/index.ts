/** The FastCGI 1.0 record layer: pure TypeScript, no I/O, browser and Node. */
export * from "./begin-request.ts";
export * from "./client-profiles.ts";
export * from "./constants.ts";
export * from "./decode-issue.ts";
export * from "./decode-stream.ts";
export * from "./describe.ts";
export * from "./end-request.ts";
export * from "./hex.ts";
export * from "./management.ts";
export * from "./name-value-pairs.ts";
export * from "./record.ts";
export * from "./record-reader.ts";
export * from "./request-builder.ts";
export * from "./stream.ts";
