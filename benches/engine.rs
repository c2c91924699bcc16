//! Criterion micro-benchmarks of one document, through the library's public API only:
//! the parse the loader is built on, the check with a pack without rules (decoding,
//! loading, suppressions, the schema), the whole check (the rules cost the difference),
//! and compiling the built-in packs. `cargo bench`.
#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, Criterion};
use partnerlint::{check_source, CheckOptions, FileAccess, PackSet};
use std::hint::black_box;
use std::path::Path;

const APP: &str = include_str!("../examples/acme-cn-isv.partner.yaml");

fn stages(c: &mut Criterion) {
    let packs = PackSet::builtin().expect("the built-in packs compile");
    let mut bare = packs.get("2026.11").expect("policy 2026.11").clone();
    bare.rules.clear();
    let bare = PackSet::single(bare);
    let files = FileAccess::default();
    let mut options = CheckOptions::new(jiff::civil::date(2026, 11, 22));
    options.policy = Some("2026.11".to_string());
    let check = |packs: &PackSet| {
        check_source(
            Path::new("acme.partner.yaml"),
            black_box(APP.as_bytes()),
            &files,
            packs,
            &options,
        )
    };

    c.bench_function("parse", |b| {
        b.iter(|| saphyr_parser::Parser::new_from_str(black_box(APP)).count())
    });
    c.bench_function("check_source_without_rules", |b| b.iter(|| check(&bare)));
    c.bench_function("check_source", |b| b.iter(|| check(&packs)));
    c.bench_function("builtin_packs", |b| b.iter(PackSet::builtin));
}

criterion_group!(benches, stages);
criterion_main!(benches);
