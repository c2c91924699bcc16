//! `partnerlint server`: the language server (src/server), with the global options.

use super::*;

pub(super) fn run(cli: &Cli, args: &ServerArgs) -> Result<u8, Failure> {
    let packs = match &cli.rules {
        Some(dir) => PackSet::from_dir(dir),
        None => PackSet::builtin(),
    };
    let options = crate::server::configuration::Options {
        today: cli.today,
        flags: check::flags(cli, None),
        packs,
        rules: cli.rules.clone(),
        max_file_size: args.max_file_size,
    };
    Ok(crate::server::serve_stdio(options))
}
