//! `partnerlint completions SHELL` and `partnerlint man`: generated from the command
//! line's own definition, so they never fall behind it.

use super::*;

pub(super) fn completions(shell: clap_complete::Shell) -> Result<u8, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "partnerlint", &mut out);
    write_stdout(&out)
}

/// The sections of the top-level page that clap cannot derive: exit status, environment,
/// files, suppression syntax and examples (roff).
const MORE_SECTIONS: &str = include_str!("man_sections.roff");

/// The top-level page to standard output, or with `dir` a page per command written there
/// (`partnerlint.1`, `partnerlint-check.1`, ...).
pub(super) fn man(dir: Option<&std::path::Path>) -> Result<u8, Failure> {
    let command = Cli::command();
    let fail = |e: io::Error| Failure(format!("cannot write the manual page: {e}"));
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .map_err(fail)?;
    page.extend_from_slice(MORE_SECTIONS.as_bytes());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(fail)?;
        clap_mangen::generate_to(command, dir).map_err(fail)?;
        std::fs::write(dir.join("partnerlint.1"), &page).map_err(fail)?;
        return Ok(EXIT_OK);
    }
    write_stdout(&page)
}

fn write_stdout(bytes: &[u8]) -> Result<u8, Failure> {
    let mut out = io::stdout().lock();
    // A closed pipe is not an error worth a message.
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    Ok(EXIT_OK)
}
