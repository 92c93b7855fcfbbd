//! Generated knowledge packs of any size, for benchmarks: valid TOML that goes through the
//! real loader, with the guide's vocabulary mixed into a long tail of made-up words, Chinese
//! aliases, typos, and a decision tree that reaches every entry.
//!
//! The same `(entries, seed)` always gives the same pack.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::knowledge::{SourceFile, Sources};

/// Words of the guide's domain: most generated text is made of these, so real queries hit
/// long posting lists, as they would in a large pack about the same product.
const DOMAIN_WORDS: &[&str] = &[
    "account",
    "address",
    "age",
    "alias",
    "android",
    "app",
    "approval",
    "attach",
    "attempt",
    "back",
    "bank",
    "bill",
    "blocked",
    "blurry",
    "browser",
    "button",
    "c2c",
    "cache",
    "camera",
    "card",
    "certificate",
    "change",
    "check",
    "citizen",
    "clear",
    "click",
    "code",
    "confirm",
    "connection",
    "country",
    "cropped",
    "data",
    "date",
    "deaf",
    "denied",
    "details",
    "device",
    "document",
    "driver",
    "email",
    "error",
    "expired",
    "face",
    "facial",
    "failed",
    "file",
    "flash",
    "form",
    "frozen",
    "front",
    "glare",
    "hearing",
    "identity",
    "image",
    "information",
    "internet",
    "invalid",
    "iphone",
    "kyc",
    "language",
    "latin",
    "level",
    "licence",
    "light",
    "limit",
    "liveness",
    "loading",
    "login",
    "manual",
    "match",
    "minor",
    "mismatch",
    "mobile",
    "name",
    "network",
    "nationality",
    "number",
    "official",
    "open",
    "page",
    "passport",
    "permission",
    "phone",
    "photo",
    "picture",
    "policy",
    "proof",
    "reason",
    "recognition",
    "region",
    "rejected",
    "residence",
    "resolution",
    "restart",
    "retry",
    "review",
    "scan",
    "screen",
    "screenshot",
    "selfie",
    "settings",
    "signature",
    "spinning",
    "status",
    "steps",
    "storage",
    "stuck",
    "submit",
    "support",
    "system",
    "tap",
    "timeout",
    "update",
    "upload",
    "utility",
    "verification",
    "verify",
    "version",
    "video",
    "wait",
    "wifi",
    "wrong",
];

const FUNCTION_WORDS: &[&str] = &[
    "the", "your", "a", "is", "not", "when", "after", "with", "and", "or", "can't", "won't", "my",
    "to", "of", "in", "on", "it", "does", "keeps",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "tas", "vu", "zel", "dor", "fi", "gan", "hul", "jo", "kri", "lum",
    "nax", "pe", "qui", "ros", "sen", "tor", "ul", "vin", "wex", "yor", "zu", "bra", "cel", "dun",
];

/// Characters of the Chinese aliases, common in KYC complaints.
const HAN: &str = "照片上传失败相机打不开人脸识别证件身份认证审核地址证明过期截图模糊被拒绝账户\
重复使用年龄未满国家地区不支持视频签名护照驾照信息不一致页面没反应按钮点击网络更新版本";

const CATEGORIES: &[&str] = &[
    "App and device",
    "Documents",
    "Face verification",
    "Address",
    "Eligibility",
    "Camera and video",
    "Account",
    "Review",
];

/// How many children a generated question node has.
const FAN_OUT: usize = 40;

/// `SplitMix64`: small, fast and good enough to make varied text (benches use it too).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A vocabulary: the domain words first, then made-up words; picks favour the front
/// (roughly Zipf), so a few words are very common and most are rare.
struct WordPool {
    words: Vec<String>,
}

impl WordPool {
    fn new(size: usize, rng: &mut Rng) -> Self {
        let mut words: Vec<String> = DOMAIN_WORDS.iter().map(|&w| w.to_owned()).collect();
        while words.len() < size {
            let syllables = rng.between(2, 4);
            let word: String = (0..syllables).map(|_| rng.pick(SYLLABLES)).collect();
            words.push(word);
        }
        Self { words }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        // The product of two uniform draws favours small indexes.
        let a = rng.below(self.words.len());
        let b = rng.below(self.words.len());
        &self.words[a * b / self.words.len().max(1)]
    }

    fn sentence(&self, rng: &mut Rng, low: usize, high: usize) -> String {
        let count = rng.between(low, high);
        let mut words = Vec::with_capacity(count);
        for _ in 0..count {
            if rng.below(4) == 0 {
                words.push(rng.pick(FUNCTION_WORDS).to_owned());
            } else {
                words.push(self.word(rng).to_owned());
            }
        }
        words.join(" ")
    }
}

/// A word with one letter swapped with its neighbour, as people mistype.
fn misspell(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() > 3 {
        let at = rng.between(1, chars.len() - 2);
        chars.swap(at, at + 1);
    }
    chars.into_iter().collect()
}

fn han(rng: &mut Rng, length: usize) -> String {
    let pool: Vec<char> = HAN.chars().collect();
    (0..length).map(|_| pool[rng.below(pool.len())]).collect()
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quoted(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The id of generated entry `n`.
pub fn entry_id(n: usize) -> String {
    format!("entry-{n:06}")
}

fn entry(n: usize, vocabulary: &WordPool, rng: &mut Rng) -> String {
    let faq = n % 5 == 4;
    let title = vocabulary.sentence(rng, 4, 8);
    let mut aliases: Vec<String> = (0..rng.between(6, 10))
        .map(|_| vocabulary.sentence(rng, 2, 5))
        .collect();
    let typo = misspell(vocabulary.word(rng), rng);
    aliases.push(format!("{typo} {}", vocabulary.word(rng)));
    for _ in 0..rng.between(1, 3) {
        let length = rng.between(3, 7);
        aliases.push(han(rng, length));
    }
    let steps: Vec<String> = (0..rng.between(3, 5))
        .map(|_| vocabulary.sentence(rng, 8, 16))
        .collect();
    let mut text = String::with_capacity(1600);
    let _ = writeln!(text, "id = {}", quoted(&entry_id(n)));
    let _ = writeln!(text, "kind = {}", quoted(if faq { "faq" } else { "issue" }));
    let _ = writeln!(text, "title = {}", quoted(&title));
    let _ = writeln!(
        text,
        "category = {}",
        quoted(CATEGORIES[n % CATEGORIES.len()])
    );
    let _ = writeln!(
        text,
        "summary = {}",
        quoted(&vocabulary.sentence(rng, 12, 24))
    );
    let _ = writeln!(text, "source = {}", quoted(&vocabulary.sentence(rng, 3, 6)));
    if faq {
        let _ = writeln!(
            text,
            "question = {}",
            quoted(&format!("{}?", vocabulary.sentence(rng, 5, 10)))
        );
        let _ = writeln!(
            text,
            "answer = {}",
            quoted(&vocabulary.sentence(rng, 15, 30))
        );
    }
    let _ = writeln!(text, "aliases = {}", list(&aliases));
    let _ = writeln!(text, "steps = {}", list(&steps));
    if rng.below(3) == 0 {
        let _ = writeln!(
            text,
            "warnings = {}",
            list(&[vocabulary.sentence(rng, 8, 14)])
        );
    }
    let _ = writeln!(text, "\n[support]");
    let _ = writeln!(text, "when = {}", quoted(&vocabulary.sentence(rng, 8, 14)));
    let prepare = [
        vocabulary.sentence(rng, 3, 6),
        vocabulary.sentence(rng, 3, 6),
    ];
    let _ = writeln!(text, "prepare = {}", list(&prepare));
    text
}

/// A tree that reaches every entry: one outcome per entry, grouped under question nodes of
/// at most [`FAN_OUT`] choices, level by level up to the root.
fn tree(entries: usize) -> String {
    let mut text = String::with_capacity(entries * 160);
    let mut level: Vec<String> = (0..entries).map(|n| format!("end-{n}")).collect();
    let mut questions = String::new();
    let mut depth = 0;
    while level.len() > 1 || depth == 0 {
        depth += 1;
        let mut parents = Vec::with_capacity(level.len() / FAN_OUT + 1);
        for (g, group) in level.chunks(FAN_OUT).enumerate() {
            let id = format!("q{depth}-{g}");
            let choices: Vec<String> = group
                .iter()
                .enumerate()
                .map(|(c, next)| {
                    format!("{{ key = \"c{c}\", label = \"Case {c}\", next = \"{next}\" }}")
                })
                .collect();
            let _ = writeln!(
                questions,
                "[node.{id}]\ntext = \"Which case is it?\"\nchoices = [{}]\n",
                choices.join(", ")
            );
            parents.push(id);
        }
        level = parents;
    }
    let _ = writeln!(text, "root = {}\n\n[start]", quoted(&level[0]));
    for n in 0..entries {
        let _ = writeln!(text, "{} = \"end-{n}\"", entry_id(n));
    }
    text.push('\n');
    text.push_str(&questions);
    for n in 0..entries {
        let _ = writeln!(
            text,
            "[node.end-{n}]\noutcome = \"support\"\nentry = {}\ntext = \"Live support can help with this.\"\n",
            quoted(&entry_id(n))
        );
    }
    text
}

const PACK: &str = "[pack]\nname = \"Generated pack\"\nproduct = \"Example\"\n\
support = \"Example live support\"\nofficial_source = \"the official app\"\n";

const SYNONYMS: &str = "[terms]\npic = [\"photo\"]\nselfie = [\"face\"]\n\
poa = [\"address proof\"]\ncam = [\"camera\"]\nstuck = [\"frozen\"]\n";

/// The files of a generated pack of `entries` entries, as `(relative path, text)`.
pub fn files(entries: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let vocabulary = WordPool::new(20_000, &mut rng);
    let mut files = Vec::with_capacity(entries + 3);
    files.push(("pack.toml".to_owned(), PACK.to_owned()));
    files.push(("synonyms.toml".to_owned(), SYNONYMS.to_owned()));
    files.push(("tree.toml".to_owned(), tree(entries)));
    for n in 0..entries {
        files.push((
            format!("entries/{}.toml", entry_id(n)),
            entry(n, &vocabulary, &mut rng),
        ));
    }
    files
}

/// A generated pack as loader sources, without touching the disk.
pub fn sources(entries: usize, seed: u64) -> Sources {
    Sources {
        origin: format!("generated pack of {entries} entries"),
        files: files(entries, seed)
            .into_iter()
            .map(|(relative, text)| {
                let mut file = SourceFile::from_text(&relative, &text);
                file.display = format!("generated/{relative}");
                file
            })
            .collect(),
    }
}

/// Writes a generated pack into `dir` (created if needed), for `--knowledge DIR`.
pub fn write(dir: &Path, entries: usize, seed: u64) -> io::Result<()> {
    fs::create_dir_all(dir.join("entries"))?;
    for (relative, text) in files(entries, seed) {
        fs::write(dir.join(relative), text)?;
    }
    Ok(())
}

/// Queries in the style of the pack: a few of its words, sometimes misspelt, sometimes
/// Chinese, sometimes about nothing it covers.
pub fn queries(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let vocabulary = WordPool::new(20_000, &mut rng);
    (0..count)
        .map(|i| match i % 10 {
            0 => han(&mut rng, 5),
            1 => format!("how do i withdraw {}", vocabulary.word(&mut rng)),
            2 | 3 => {
                let word = vocabulary.word(&mut rng).to_owned();
                format!(
                    "{} {}",
                    misspell(&word, &mut rng),
                    vocabulary.sentence(&mut rng, 1, 3)
                )
            }
            _ => vocabulary.sentence(&mut rng, 2, 7),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge;

    #[test]
    fn a_generated_pack_loads_cleanly() {
        let sources = sources(120, 7);
        let checked = knowledge::check(&sources);
        assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics.first());
        let knowledge = checked.knowledge.expect("valid");
        assert_eq!(knowledge.entries().len(), 120);
        assert!(knowledge.entry(&entry_id(119)).is_some());
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(files(30, 1), files(30, 1));
        assert_ne!(files(30, 1), files(30, 2));
        assert_eq!(queries(20, 3), queries(20, 3));
    }

    #[test]
    fn writes_a_pack_the_loader_reads() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), 15, 3).expect("write");
        let sources = Sources::from_dir(dir.path()).expect("read");
        assert!(knowledge::check(&sources).knowledge.is_some());
    }
}
