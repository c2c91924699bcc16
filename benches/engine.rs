//! Criterion micro-benchmarks of one document through each stage: the YAML loader, the
//! schema, the policy rules, and the whole per-file check. `cargo bench`.
#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, Criterion};
use partnerlint::pack::FileAccess;
use partnerlint::schema::Schema;
use partnerlint::yaml::{load, Limits};
use partnerlint::{check_source, CheckOptions, PackSet};
use std::hint::black_box;
use std::path::Path;

const APP: &str = include_str!("../examples/acme-cn-isv.partner.yaml");

fn stages(c: &mut Criterion) {
    let limits = Limits::default();
    let today = jiff::civil::date(2026, 11, 22);
    let packs = PackSet::builtin().expect("the built-in packs compile");
    let pack = packs.get("2026.11").expect("policy 2026.11");
    let root = load(APP, &limits).root.expect("the example loads");
    let files = FileAccess::default();
    let options = CheckOptions::new(today);

    c.bench_function("load", |b| b.iter(|| load(black_box(APP), &limits)));
    c.bench_function("schema", |b| {
        b.iter(|| Schema::application().validate(black_box(&root), APP))
    });
    c.bench_function("rules", |b| {
        b.iter(|| pack.evaluate(black_box(&root), APP, today, &files))
    });
    c.bench_function("check_source", |b| {
        b.iter(|| {
            check_source(
                Path::new("acme.partner.yaml"),
                black_box(APP.as_bytes()),
                &files,
                &packs,
                &options,
            )
        })
    });
    c.bench_function("builtin_packs", |b| b.iter(PackSet::builtin));
}

criterion_group!(benches, stages);
criterion_main!(benches);
