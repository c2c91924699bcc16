//! "Did you mean …?": the known word closest to a misspelt one, for every diagnostic
//! that names an unknown key, value, rule id or table.

/// The closest candidate to `word`, if one is close enough to be what was meant.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    Suggester::new(candidates).closest(word)
}

/// Candidates for [`closest`], lower-cased once for many words.
pub struct Suggester<'a> {
    candidates: &'a [String],
    lowered: Vec<String>,
}

impl<'a> Suggester<'a> {
    pub fn new(candidates: &'a [String]) -> Self {
        Suggester {
            candidates,
            lowered: candidates.iter().map(|c| c.to_lowercase()).collect(),
        }
    }

    /// The candidate closest to `word`, if one is close enough to be what was meant.
    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let lower = word.to_lowercase();
        self.candidates
            .iter()
            .zip(&self.lowered)
            .map(|(c, lowered)| {
                let score = if *lowered == lower {
                    1.0
                } else {
                    strsim::jaro_winkler(&lower, lowered)
                };
                (score, c)
            })
            .filter(|(score, _)| *score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c.as_str())
    }
}
