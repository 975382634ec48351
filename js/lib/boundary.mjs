// The numbers the wasm modules and this wrapper agree on, generated from the documented
// tables of js/crate/src/boundary.rs by its test: edit them there, then run
// `HOOKGATE_BLESS=1 cargo test -p hookgate-wasm` to rewrite this file.
export const RESULT = Object.freeze({ timestamp: 0, keyIndex: 8, idLength: 12, dedupeLength: 16, flags: 20, replayLength: 24, text: 28 });
export const RESULT_FLAGS = Object.freeze({ dedupeIsId: 1, dedupeIsBodyDigest: 2, bodySigned: 4, dedupeKeySigned: 8, timestampSigned: 16, idHeaderShift: 8 });
export const VERIFY_MODE = Object.freeze({ hostCrypto: 1, bodyElsewhere: 2 });
export const HOST_ALGORITHM = Object.freeze({ hmacSha1: 1, hmacSha256: 2, hmacSha512: 3, sha256: 4 });
export const HOST_CALL = Object.freeze({ body: 4294967295, entryBytes: 8 });
export const TOLERANCE = Object.freeze({ schemeDefault: 0, seconds: 1, window: 2, unlimited: -1 });
export const BODY_STATE = Object.freeze({ address: 0, length: 4 });
export const BODY_BUFFER = Object.freeze({ keepBytes: 4194304, maxPayloadBytes: 1073741824, maxBytes: 1140850688 });
export const HEADER_BLOCK = Object.freeze({ separator: '\0', present: '=', maxVerifierHeaders: 16 });
export const OPTIONS = Object.freeze({ maxDepth: 32, maxPlausibleSeconds: 100000000000 });
