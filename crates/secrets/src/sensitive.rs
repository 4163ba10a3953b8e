//! A value that must never reach a log, an error message, a file or history.

use std::fmt;

/// Holds a secret. `Debug` and `Display` print `***`; it implements neither `Serialize` nor
/// `Clone`-by-accident into other types: the value comes out only through [`Sensitive::expose`].
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that must use it (an Authorization header).
    pub fn expose(&self) -> &T {
        &self.0
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sensitive<U> {
        Sensitive(f(self.0))
    }
}

impl<T: Clone> Clone for Sensitive<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::Sensitive;

    #[test]
    fn never_prints_its_value() {
        let token = Sensitive::new("pat-na1-secret".to_owned());
        assert_eq!(
            format!("{token} {token:?} {:?}", Some(&token)),
            "*** *** Some(***)"
        );
        assert_eq!(token.expose(), "pat-na1-secret");
    }
}
