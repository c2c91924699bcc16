//! `partnerlint init`: writes a new application file for a developer type and its
//! markets. Values the policy decides (portal, compliance contact, seller category) come
//! from the pack's data tables; values only the partner knows are `<fill in: ...>`
//! placeholders, reported by `check` until they are filled. Before anything is written,
//! the new file is checked: a combination the policy forbids is refused with the
//! policy's own findings, so `init` never writes a file that cannot pass.

use super::*;
use crate::diagnostic::Code;
use crate::pack::FileAccess;
use crate::placeholder::placeholder;
use serde_json::Value;
use std::io::BufRead;
use std::path::Path;

/// Where editors find the application file's schema: its `$id`.
pub const SCHEMA_ID: &str = "https://partnerlint.dev/schemas/partner-application.schema.json";

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The file to write, or a folder to write it in [default: NAME.partner.yaml in the
    /// current folder]
    pub path: Option<PathBuf>,

    /// The developer type chosen at registration
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub developer_type: Option<DeveloperType>,

    /// Where the company is registered (app developers and system integrators), e.g. CN
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,

    /// A target market (repeatable, or comma-separated); a seller developer names its
    /// shop's market
    #[arg(long = "market", value_delimiter = ',', value_name = "CODE")]
    pub markets: Vec<String>,

    /// The company's (or the shop's) name: written into the file and, without PATH, its name
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// What the editor modeline points at: a URL, or a path relative to the new file
    /// (e.g. the file `partnerlint schema --output` wrote)
    #[arg(long, value_name = "URL_OR_PATH", default_value = SCHEMA_ID)]
    pub schema: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeveloperType {
    /// A seller building for its own shop
    #[value(name = "seller_developer")]
    SellerDeveloper,
    /// A company building apps for sellers
    #[value(name = "app_developer")]
    AppDeveloper,
    /// A company integrating sellers' systems
    #[value(name = "system_integrator")]
    SystemIntegrator,
}

impl DeveloperType {
    fn name(self) -> &'static str {
        match self {
            DeveloperType::SellerDeveloper => "seller_developer",
            DeveloperType::AppDeveloper => "app_developer",
            DeveloperType::SystemIntegrator => "system_integrator",
        }
    }
}

/// What the new file is for, each value given or asked.
struct Answers {
    developer_type: DeveloperType,
    region: Option<String>,
    markets: Vec<String>,
    name: Option<String>,
}

pub(super) fn run(cli: &Cli, args: &InitArgs) -> Result<u8, Failure> {
    let packs = load_packs(cli)?;
    let pack = select_pack(cli, &packs)?;
    let answers = answers(args, pack)?;
    let path = target_path(args.path.as_deref(), answers.name.as_deref());
    let schema = modeline_target(&args.schema, &path);
    let text = render(&answers, pack, &schema);

    // The new file, checked as it will be: only its placeholders may be findings.
    let mut options = CheckOptions::new(today(cli));
    options.policy = Some(pack.manifest.version.clone());
    let report = crate::file_check::check_source(
        &path,
        text.as_bytes(),
        &FileAccess::for_file(&path, None),
        &packs,
        &options,
    );
    let mut refused = report.clone();
    refused.diagnostics.retain(|d| d.rule != Code::Placeholder);
    if !refused.diagnostics.is_empty() {
        let style = human::Style {
            color: use_color(cli.color, io::stderr().is_terminal()),
            width: check::terminal_width(),
            summary: false,
        };
        let _ = human::render_file(&mut io::stderr().lock(), &refused, style);
        return Err(Failure(format!(
            "the policy does not allow this application ({} finding{} above); nothing was written",
            refused.diagnostics.len(),
            if refused.diagnostics.len() == 1 {
                ""
            } else {
                "s"
            }
        )));
    }

    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(Failure(format!(
                "`{}` already exists: init never overwrites a file; name another path",
                path.display()
            )))
        }
        Err(e) => return Err(Failure(format!("cannot write `{}`: {e}", path.display()))),
    }
    let placeholders = report.diagnostics.len();
    let _ = writeln!(
        io::stdout(),
        "wrote {}: fill in its {placeholders} `<fill in: ...>` values, then run `partnerlint check {0}`",
        path.display()
    );
    Ok(EXIT_OK)
}

/// The answers from the flags, and from questions for those missing when a person is at
/// a terminal; without one, a missing flag is an error (a script never hangs on a question).
fn answers(args: &InitArgs, pack: &crate::pack::RulePack) -> Result<Answers, Failure> {
    let interactive = io::stdin().is_terminal() && io::stderr().is_terminal();
    let developer_type = match args.developer_type {
        Some(t) => t,
        None if interactive => {
            let answer =
                ask("Developer type (seller_developer, app_developer, system_integrator)")?;
            DeveloperType::from_str(answer.trim(), true)
                .map_err(|_| Failure(format!("`{answer}` is not a developer type")))?
        }
        None => return Err(missing("--type")),
    };
    let seller = developer_type == DeveloperType::SellerDeveloper;
    let region = match (&args.region, seller) {
        (_, true) => None,
        (Some(r), false) => Some(r.clone()),
        (None, false) if interactive => Some(ask("Registration region (e.g. CN, HK, UK)")?),
        (None, false) => return Err(missing("--region")),
    };
    let mut markets = args.markets.clone();
    if markets.is_empty() {
        if !interactive {
            return Err(missing("--market"));
        }
        let question = match seller {
            true => "Your shop's market (e.g. US)",
            false => "Target markets, comma-separated (e.g. UK, MY)",
        };
        markets = ask(question)?
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
    }
    let name = match &args.name {
        Some(n) => Some(n.clone()),
        None if interactive => {
            Some(ask("Company or shop name (Enter to fill in later)")?).filter(|n| !n.is_empty())
        }
        None => None,
    };

    let codes = |table: &str| -> Vec<String> {
        crate::pack::data_lookup(&pack.data, table)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let known_markets = codes("markets");
    for m in &mut markets {
        *m = known_code(m, &known_markets, "--market", "market")?;
    }
    if seller && markets.len() != 1 {
        return Err(Failure(format!(
            "a seller developer's application is for its shop's one market, but {} were given",
            markets.len()
        )));
    }
    let region = region
        .map(|r| known_code(&r, &codes("regions"), "--region", "registration region"))
        .transpose()?;
    Ok(Answers {
        developer_type,
        region,
        markets,
        name,
    })
}

fn ask(question: &str) -> Result<String, Failure> {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{question}: ");
    let _ = err.flush();
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure(format!("cannot read the answer: {e}")))?;
    Ok(line.trim().to_string())
}

fn missing(flag: &str) -> Failure {
    Failure(format!(
        "`{flag}` is missing: give `--type`, `--region` and `--market` (init asks questions only in a terminal)"
    ))
}

/// `code` as the pack writes it (upper case), when it is one of `known`.
fn known_code(code: &str, known: &[String], flag: &str, what: &str) -> Result<String, Failure> {
    let upper = code.trim().to_uppercase();
    if known.contains(&upper) {
        return Ok(upper);
    }
    let hint = crate::diagnostic::closest(code, known)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    Err(Failure(format!(
        "`{flag} {code}`: not a {what} code of the policy (one of {}){hint}",
        known.join(", ")
    )))
}

/// PATH, NAME.partner.yaml inside the folder PATH, or NAME.partner.yaml here.
fn target_path(path: Option<&Path>, name: Option<&str>) -> PathBuf {
    let file = format!("{}.partner.yaml", slug(name.unwrap_or("application")));
    match path {
        Some(p) if p.is_dir() => p.join(file),
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(file),
    }
}

/// A file name from a company's name: lower-case letters, digits and dashes.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() && c.is_ascii() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "application".into()
    } else {
        out
    }
}

/// The modeline's target: a URL as given; a path made relative to the new file's folder.
fn modeline_target(schema: &str, file: &Path) -> String {
    if schema.contains("://") {
        return schema.to_string();
    }
    let folder = crate::paths::absolute(file.parent().unwrap_or(Path::new("")));
    let target = crate::paths::absolute(Path::new(schema));
    pathdiff::diff_paths(&target, &folder)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| schema.to_string())
}

/// A YAML double-quoted scalar holding `text` (JSON's escapes are YAML's).
fn quoted(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

fn fill(what: &str) -> String {
    quoted(&placeholder(what))
}

/// The file's text.
fn render(a: &Answers, pack: &crate::pack::RulePack, schema: &str) -> String {
    let data = |name: &str| {
        crate::pack::data_lookup(&pack.data, name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let listed = |table: &str, code: &str| {
        crate::pack::data_lookup(&pack.data, table)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(code)))
    };
    let us = a.markets.iter().any(|m| listed("us_markets", m));
    let uk = a.markets.iter().any(|m| listed("uk_markets", m));
    let review_needed = a.markets.iter().any(|m| listed("compliance_markets", m));
    let portal = if us { "us" } else { "global" };
    let contact = data(if us {
        "contacts.us"
    } else if uk {
        "contacts.uk"
    } else {
        "contacts.other"
    });
    let seller = a.developer_type == DeveloperType::SellerDeveloper;
    let title = a.name.clone().unwrap_or_else(|| "A new application".into());
    let name_or = |what: &str| a.name.as_deref().map_or_else(|| fill(what), quoted);

    let mut t = String::new();
    let mut line = |s: &str| {
        t.push_str(s);
        t.push('\n');
    };
    line(&format!("# yaml-language-server: $schema={schema}"));
    line("#");
    line(&format!(
        "# {}: a TikTok Shop developer-partner application ({}), written by `partnerlint init`.",
        title.replace(['\n', '\r'], " "),
        a.developer_type.name()
    ));
    line("# Replace every `<fill in: ...>` value (`partnerlint check` lists those left), then check it.");
    line("format: 1");
    line(&format!(
        "policy: \"{}\"                   # the policy version this file is checked against",
        pack.manifest.version
    ));
    line("");
    line("account:");
    line(&format!(
        "  # The email you sign up to Partner Center with ({}).",
        data(&format!("portals.{portal}"))
    ));
    line(&format!(
        "  email: {}",
        fill("the Partner Center sign-up email")
    ));
    line("  # An international phone number, as a quoted string: \"+44 20 5555 0100\".");
    line(&format!("  phone: {}", fill("the account's phone number")));
    line(
        "  # An account you already hold: none, partner_platform, open_platform or partner_center.",
    );
    line("  existing_account: none");
    line(
        "  # The Partner Center of these markets: `us` for the US market, `global` for the others.",
    );
    line(&format!("  portal: {portal}"));
    line("");
    line("# The type you select when you register in Partner Center.");
    line(&format!("developer_type: {}", a.developer_type.name()));
    line("");
    if seller {
        let market = &a.markets[0];
        line("seller:                           # you register by linking your TikTok Shop");
        line("  # Your TikTok Shop, as it appears in Seller Center.");
        line(&format!("  shop_name: {}", name_or("your shop's name")));
        line("  # The market of that shop.");
        line(&format!("  shop_market: {market}"));
        line("  # The shop must be activated before you register: activated, pending or not_created.");
        line("  shop_status: activated");
        line("  # The email the shop was registered with: the same as account.email.");
        line(&format!(
            "  shop_email: {}",
            fill("the email your shop was registered with")
        ));
        line("  # The category you select at registration.");
        line(&format!("  category: {}", quoted(&data("seller_category"))));
    } else {
        let region = a.region.as_deref().unwrap_or_default();
        line("registration:");
        line("  # Where the company is registered (\"Registration region\" in Partner Center).");
        line(&format!("  region: {region}"));
        line("  # The markets you will serve (\"Target market\").");
        line(&format!("  target_markets: [{}]", a.markets.join(", ")));
        line("  # The business category you choose in Partner Center.");
        line(&format!(
            "  business_category: {}",
            fill("your business category")
        ));
        line("");
        line("company:");
        line("  # The company's legal name, as on its business certificate.");
        line(&format!("  name: {}", name_or("the company's legal name")));
        line("  # The person TikTok Shop contacts about this application.");
        line("  contact:");
        line(&format!("    name: {}", fill("the contact person's name")));
        line(&format!(
            "    email: {}",
            fill("the contact person's email")
        ));
        line(&format!(
            "    phone: {}",
            fill("the contact person's phone number, quoted")
        ));
        line("  # Additional business details: what the company does.");
        line(&format!("  description: {}", fill("what the company does")));
        line("");
        line("certification:");
        line("  # Where the business certificate stands: saved_for_later, submitted, under_review or approved.");
        line("  status: submitted");
        line("  business_certificate:");
        line("    # The scanned certificate (PDF, PNG or JPEG), relative to this file.");
        line(&format!(
            "    file: {}",
            fill("the certificate's file, e.g. certs/business-licence.pdf")
        ));
        line("    # The region that issued the certificate.");
        line(&format!("    issuing_region: {region}"));
        line("  # The registration number printed on the certificate.");
        line(&format!(
            "  registration_number: {}",
            fill("the company's registration number")
        ));
    }
    line("");
    line("apps:");
    line("  # Each app you will build, by its name in Partner Center.");
    line(&format!("  - name: {}", fill("the app's name")));
    match a.developer_type {
        DeveloperType::AppDeveloper => {
            line("    # public: for any seller, listed once the certificate is approved; custom: for named shops.");
            line("    type: public");
        }
        _ => {
            line("    # custom: built for the shops that authorize it.");
            line("    type: custom");
            line("    authorized_shops:");
            line(&format!(
                "      - {}",
                match seller {
                    true => name_or("your shop's name"),
                    false => fill("a shop that authorized the app"),
                }
            ));
        }
    }
    line("");
    line("compliance:");
    if review_needed {
        line(
            "  # The compliance and legal review, always required for the US and the UK: it takes",
        );
        line("  # three weeks or more. planned, requested (add requested_on), in_progress, approved.");
        line("  review: planned");
    } else {
        line("  # The compliance and legal review: required case by case in these markets.");
        line("  # not_requested, planned, requested (add requested_on), in_progress, approved.");
        line("  review: not_requested");
    }
    line(
        "  # The Partner Development & Management team that sends the due diligence questionnaire.",
    );
    line(&format!("  contact: {contact}"));
    line("");
    line("# When the apps should go live (at least three weeks after the review is requested):");
    line("# launch:");
    line("#   planned_date: YYYY-MM-DD");
    t
}
