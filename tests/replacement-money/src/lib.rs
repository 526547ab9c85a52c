//! Types a team already has, used by the `replace` fixture (`tests/fixtures/replace`) instead of
//! the ones the generator would write (settings: `[replace]`). They read and write the schemas'
//! JSON with serde; the spec's constraints are not theirs to check: the generated crate checks
//! them on the raw JSON.

use serde::{Deserialize, Serialize};

/// An amount of money: a decimal amount as text (`"12.50"`) in a currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, as the spec writes it (`"12.50"`).
    pub amount: String,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// `amount` of `currency`.
    pub fn new(amount: &str, currency: &str) -> Money {
        Money {
            amount: amount.to_owned(),
            currency: Currency(currency.to_owned()),
        }
    }
}

/// An ISO 4217 currency code, as text (any text: the spec's enum is checked by the generated
/// crate's schema check, not by this type).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(pub String);
