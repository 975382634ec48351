//! The boundary between this module and its JS wrapper (`js/lib/`), written down once: every
//! number and character both sides must agree on, in named tables. `js/lib/boundary.mjs` is
//! their JS twin (the same tables, keys in camelCase, documented here only), generated from them: the
//! test below renders the tables as JS and compares (`HOOKGATE_BLESS=1 cargo test -p
//! hookgate-wasm` rewrites the file).

/// Declares the tables: each a module of `pub(crate) const`s, and (for the test) the same
/// table as a frozen JS object named `$js`, with camelCase keys and the doc comments kept.
macro_rules! tables {
    ($(
        $(#[doc = $doc:literal])*
        mod $table:ident as $js:literal {
            $( $(#[doc = $cdoc:literal])* const $name:ident: $ty:ty = $value:expr; )+
        }
    )+) => {
        $(
            $(#[doc = $doc])*
            #[allow(dead_code, reason = "a table is the whole contract; some entries only JS reads")]
            pub(crate) mod $table {
                $( $(#[doc = $cdoc])* pub(crate) const $name: $ty = $value; )+
            }
        )+

        /// Every table, as `(JS name, [(constant, value as JS)])`.
        #[cfg(test)]
        fn tables() -> alloc::vec::Vec<(&'static str, alloc::vec::Vec<(&'static str, alloc::string::String)>)> {
            alloc::vec![$(
                ($js, alloc::vec![$(
                    (stringify!($name), tests::Js::js(&$table::$name)),
                )+]),
            )+]
        }
    };
}

tables! {
    /// Where `WasmVerifier::verify` writes its result: byte offsets from the address it
    /// returns, all little-endian. JS reads the result in place, which is cheaper than
    /// building strings or objects across the boundary.
    mod result as "RESULT" {
        /// `f64`: the signed timestamp in epoch seconds; NaN when the scheme has none.
        const TIMESTAMP: usize = 0;
        /// `u32`: which secret matched.
        const KEY_INDEX: usize = 8;
        /// `i32`: the id's length in bytes; -1 when there is none.
        const ID_LENGTH: usize = 12;
        /// `u32`: the dedupe key's length in bytes (0 when it is the id, see `RESULT_FLAGS`).
        const DEDUPE_LENGTH: usize = 16;
        /// `u32`: `RESULT_FLAGS`.
        const FLAGS: usize = 20;
        /// `u32`: the replay key's length in bytes: 32 (its SHA-256, raw: the wrapper writes
        /// `replay:<hex>`), or 0 when there is none (see `RESULT_FLAGS.DEDUPE_KEY_SIGNED`).
        const REPLAY_LENGTH: usize = 24;
        /// The id's UTF-8, then the dedupe key's, then the replay key's digest.
        const TEXT: usize = 28;
    }

    /// The bits of the result's `FLAGS`.
    mod result_flags as "RESULT_FLAGS" {
        /// The dedupe key is the id (and is not written again).
        const DEDUPE_IS_ID: u32 = 1;
        /// The dedupe key is the body's digest, `sha256:<hex>`, which the wrapper computes
        /// only when it is read (nothing is written).
        const DEDUPE_IS_BODY_DIGEST: u32 = 2;
        /// The signature covers the body's exact bytes.
        const BODY_SIGNED: u32 = 4;
        /// The signature covers the dedupe key (then no replay key is written: it adds nothing).
        const DEDUPE_KEY_SIGNED: u32 = 8;
        /// The signature covers the timestamp.
        const TIMESTAMP_SIGNED: u32 = 16;
        /// The bits from here up hold 1 + the index of the header whose value is the id (0:
        /// none), so JS reuses its own string instead of decoding one.
        const ID_HEADER_SHIFT: u32 = 8;
    }

    /// The bits of `WasmVerifier::verify`'s `mode`.
    mod verify_mode as "VERIFY_MODE" {
        /// The MACs and digests are computed by the host (`setHostCrypto`).
        const HOST_CRYPTO: u32 = 1;
        /// The body is not in the body buffer (the header block starts at its address): the
        /// host hashes its own copy. Needs `HOST_CRYPTO`, and a verifier that does not read
        /// the body (`readsBody`).
        const BODY_ELSEWHERE: u32 = 2;
    }

    /// The algorithms of `HostCrypto::compute`.
    mod host_algorithm as "HOST_ALGORITHM" {
        /// HMAC-SHA1, keyed.
        const HMAC_SHA1: u32 = 1;
        /// HMAC-SHA256, keyed.
        const HMAC_SHA256: u32 = 2;
        /// HMAC-SHA512, keyed.
        const HMAC_SHA512: u32 = 3;
        /// SHA-256 (no key).
        const SHA256: u32 = 4;
    }

    /// The message table `HostCrypto::compute` reads: `count` pairs of `u32`s, `(address,
    /// length)` of a run of bytes in the module's memory, in order.
    mod host_call as "HOST_CALL" {
        /// An address that stands for the body (the caller's own copy); its length is 0.
        const BODY: u32 = u32::MAX;
        /// Bytes per table entry.
        const ENTRY_BYTES: usize = 8;
    }

    /// How `WasmVerifier` and `explain` take a tolerance: a kind and two numbers of seconds,
    /// `past_s` and `future_s`.
    mod tolerance as "TOLERANCE" {
        /// The scheme's own tolerance (both numbers ignored).
        const SCHEME_DEFAULT: u32 = 0;
        /// `past_s` seconds in the scheme's own direction.
        const SECONDS: u32 = 1;
        /// The window `past_s`/`future_s`.
        const WINDOW: u32 = 2;
        /// A window side with no limit (any negative number is read so).
        const UNLIMITED: f64 = -1.0;
    }

    /// Where `bodyState()` points: the body buffer's address and length as of the last
    /// `bodyBuffer` call, two `u32`s, so JS asks for a new buffer only when it must.
    mod body_state as "BODY_STATE" {
        /// `u32`: the body buffer's address in the module's memory.
        const ADDRESS: usize = 0;
        /// `u32`: its length.
        const LENGTH: usize = 4;
    }

    /// The body buffer: the payload of a call, then its header block.
    mod body_buffer as "BODY_BUFFER" {
        /// A buffer left larger than this by a big payload is released before a small one.
        const KEEP_BYTES: usize = 4 << 20;
        /// The largest payload (the `maxPayloadBytes` option's ceiling, 1 GiB).
        const MAX_PAYLOAD_BYTES: usize = 1 << 30;
        /// The buffer never grows past this (the largest payload plus room for its headers),
        /// so a bad length is a typed error instead of gigabytes of zeroed memory.
        const MAX_BYTES: usize = MAX_PAYLOAD_BYTES + (64 << 20);
    }

    /// The header block, the one format in which header values cross: for a list of names
    /// (a verifier's `headerNames`, or the names a tools call passes), each value as
    /// `PRESENT` + value, or nothing when the header is absent, joined by `SEPARATOR` (which no
    /// header value contains). It follows the payload in the body buffer.
    mod header_block as "HEADER_BLOCK" {
        /// Between values, and between the names of a names list.
        const SEPARATOR: char = '\0';
        /// Before a value that is present.
        const PRESENT: char = '=';
        /// Distinct header names a verifier may read (a scheme names a handful).
        const MAX_VERIFIER_HEADERS: usize = 16;
    }

    /// Limits on options objects, checked on both sides.
    mod options as "OPTIONS" {
        /// Options nest a few levels (a custom spec: four); deeper is a mistake or a cycle.
        const MAX_DEPTH: usize = 32;
        /// Epoch seconds above this (year 5138) are milliseconds passed by mistake.
        const MAX_PLAUSIBLE_SECONDS: f64 = 1e11;
    }
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::{String, ToString};
    use std::{env, fs};

    /// A constant's value as JS source.
    pub(super) trait Js {
        fn js(&self) -> String;
    }

    impl Js for usize {
        fn js(&self) -> String {
            self.to_string()
        }
    }

    impl Js for u32 {
        fn js(&self) -> String {
            self.to_string()
        }
    }

    impl Js for f64 {
        fn js(&self) -> String {
            self.to_string()
        }
    }

    impl Js for char {
        fn js(&self) -> String {
            // Rust's escapes of these characters ('\0', '=') are JS's too.
            format!("{self:?}")
        }
    }

    /// `KEEP_BYTES` -> `keepBytes`.
    fn camel(name: &str) -> String {
        let mut out = String::new();
        for (i, word) in name.split('_').enumerate() {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            if i > 0
                && let Some(first) = chars.next()
            {
                out.push(first.to_ascii_uppercase());
            }
            out.extend(chars);
        }
        out
    }

    fn render() -> String {
        // What each table and entry means is documented once, in boundary.rs: the package
        // ships this file (and bundles it into dist/cjs), so it stays lean.
        let mut out = String::from(
            "// The numbers the wasm modules and this wrapper agree on, generated from the documented\n\
             // tables of js/crate/src/boundary.rs by its test: edit them there, then run\n\
             // `HOOKGATE_BLESS=1 cargo test -p hookgate-wasm` to rewrite this file.\n",
        );
        for (name, constants) in super::tables() {
            out.push_str(&format!("export const {name} = Object.freeze({{ "));
            for (i, (constant, value)) in constants.into_iter().enumerate() {
                let separator = if i == 0 { "" } else { ", " };
                out.push_str(&format!("{separator}{}: {value}", camel(constant)));
            }
            out.push_str(" });\n");
        }
        out
    }

    #[test]
    fn the_js_tables_are_these() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../lib/boundary.mjs");
        let expected = render();
        if env::var_os("HOOKGATE_BLESS").is_some() {
            fs::write(path, &expected).unwrap();
        }
        let actual = fs::read_to_string(path).unwrap_or_default();
        assert!(
            actual == expected,
            "js/lib/boundary.mjs does not match js/crate/src/boundary.rs; \
             rerun with HOOKGATE_BLESS=1 and review the diff"
        );
    }

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel("KEEP_BYTES"), "keepBytes");
        assert_eq!(camel("TIMESTAMP"), "timestamp");
        assert_eq!(camel("ID_HEADER_SHIFT"), "idHeaderShift");
    }
}
