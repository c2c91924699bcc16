//! `partnerlint completions SHELL` and `partnerlint man`: generated from the command
//! line's own definition, so they never fall behind it.

use super::*;

pub(super) fn completions(shell: clap_complete::Shell) -> Result<u8, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "partnerlint", &mut out);
    write_stdout(&out)
}

/// The top-level page to standard output, or with `dir` a page per command written there
/// (`partnerlint.1`, `partnerlint-check.1`, ...).
pub(super) fn man(dir: Option<&std::path::Path>) -> Result<u8, Failure> {
    let command = Cli::command();
    let fail = |e: io::Error| Failure(format!("cannot write the manual page: {e}"));
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(fail)?;
        clap_mangen::generate_to(command, dir).map_err(fail)?;
        return Ok(EXIT_OK);
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(fail)?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<u8, Failure> {
    let mut out = io::stdout().lock();
    // A closed pipe is not an error worth a message.
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    Ok(EXIT_OK)
}
