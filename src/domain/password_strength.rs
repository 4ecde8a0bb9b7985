//! A compact strength estimate for the meter beside a new password, and the Generate button's
//! passwords. Small on purpose: no dictionary ships to the browser; the server refuses the common
//! passwords itself.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strength {
    TooShort,
    Weak,
    Fair,
    Strong,
    VeryStrong,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::TooShort => "Too short",
            Strength::Weak => "Weak",
            Strength::Fair => "Fair",
            Strength::Strong => "Strong",
            Strength::VeryStrong => "Very strong",
        }
    }

    /// 0 to 4, for the meter's filled segments.
    pub fn level(self) -> u8 {
        self as u8
    }
}

/// Guessing bits from length and character variety, discounted for repeats and keyboard or
/// alphabet runs, which is how people make long passwords that are still easy to guess.
pub fn estimate(password: &str) -> Strength {
    if crate::domain::check_new_password(password).is_err() {
        return Strength::TooShort;
    }
    let chars: Vec<char> = password.chars().collect();
    let pool: f64 = [
        (chars.iter().any(char::is_ascii_lowercase), 26.0),
        (chars.iter().any(char::is_ascii_uppercase), 26.0),
        (chars.iter().any(char::is_ascii_digit), 10.0),
        (
            chars.iter().any(|c| c.is_ascii_punctuation() || *c == ' '),
            33.0,
        ),
        (chars.iter().any(|c| !c.is_ascii()), 100.0),
    ]
    .iter()
    .filter(|(present, _)| *present)
    .map(|(_, size)| size)
    .sum();
    // Each character after a repeat or a run (a→b, 1→2, 9→8) adds little: count it as a quarter.
    let effective: f64 = chars
        .windows(2)
        .map(|pair| {
            let step = pair[1] as i64 - pair[0] as i64;
            if step.abs() <= 1 {
                0.25
            } else {
                1.0
            }
        })
        .sum::<f64>()
        + 1.0;
    let bits = effective * pool.max(1.0).log2();
    match bits {
        b if b < 40.0 => Strength::Weak,
        b if b < 60.0 => Strength::Fair,
        b if b < 80.0 => Strength::Strong,
        _ => Strength::VeryStrong,
    }
}

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
pub const GENERATED_LENGTH: usize = 20;

/// 20 characters from a 56-character alphabet: about 116 bits, from the system's secure randomness
/// (the browser's `crypto.getRandomValues` in WASM).
pub fn generate() -> Result<String, getrandom::Error> {
    let mut password = String::with_capacity(GENERATED_LENGTH);
    // Rejection sampling: bytes at or above the largest multiple of the alphabet size would bias it.
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    while password.len() < GENERATED_LENGTH {
        let mut bytes = [0_u8; 32];
        getrandom::fill(&mut bytes)?;
        for byte in bytes.into_iter().filter(|b| *b < limit) {
            if password.len() < GENERATED_LENGTH {
                password.push(ALPHABET[usize::from(byte) % ALPHABET.len()] as char);
            }
        }
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_too_short_whatever_they_contain() {
        assert_eq!(estimate("aB3$"), Strength::TooShort);
    }

    #[test]
    fn runs_and_repeats_score_lower_than_their_length_suggests() {
        assert_eq!(estimate("aaaaaaaaaaaa"), Strength::Weak);
        assert_eq!(estimate("abcdefghijkl"), Strength::Weak);
        assert_eq!(estimate("12345678"), Strength::Weak);
    }

    #[test]
    fn longer_and_more_varied_passwords_score_higher() {
        assert!(estimate("sunflower") < estimate("sunflower garden"));
        assert!(estimate("sunflower garden") <= estimate("Sunflower garden 42!"));
        assert_eq!(
            estimate("correct horse battery staple"),
            Strength::VeryStrong
        );
    }

    #[test]
    fn generated_passwords_are_very_strong_and_differ() {
        let (a, b) = (generate().unwrap(), generate().unwrap());
        assert_eq!(a.len(), GENERATED_LENGTH);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
        assert_eq!(estimate(&a), Strength::VeryStrong);
    }
}
