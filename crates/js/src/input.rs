//! Recognising the input slice of the previous call, so that `$input` is
//! converted once per input rather than once per item.

use serde_json::Value;

/// Identifies an input slice: its address and length, plus copies of a few
/// items, compared on reuse so that a different input that happens to be
/// allocated at the same address (after the previous one was freed) is not
/// mistaken for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InputKey {
    address: usize,
    len: usize,
    samples: Vec<(usize, Value)>,
}

impl InputKey {
    /// The key of `input`.
    pub(crate) fn new(input: &[Value]) -> Self {
        let samples = Self::sample_indices(input.len())
            .filter_map(|index| input.get(index).map(|item| (index, item.clone())))
            .collect();
        Self {
            address: input.as_ptr() as usize,
            len: input.len(),
            samples,
        }
    }

    /// Whether `input` is (very likely) the slice this key was made from.
    pub(crate) fn matches(&self, input: &[Value]) -> bool {
        self.address == input.as_ptr() as usize
            && self.len == input.len()
            && self
                .samples
                .iter()
                .all(|(index, item)| input.get(*index) == Some(item))
    }

    /// First, middle and last item (every item of a short input).
    fn sample_indices(len: usize) -> impl Iterator<Item = usize> {
        let mut indices = [0, len / 2, len.saturating_sub(1)];
        if len <= 3 {
            indices = [0, 1, 2];
        }
        let mut previous = None;
        indices.into_iter().filter(move |index| {
            let fresh = *index < len && previous != Some(*index);
            previous = Some(*index);
            fresh
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn matches_the_same_slice_only() {
        let input = vec![
            json!({"a": 1}),
            json!({"a": 2}),
            json!({"a": 3}),
            json!({"a": 4}),
        ];
        let key = InputKey::new(&input);
        assert!(key.matches(&input));
        assert!(!key.matches(&input[1..]));
        assert!(!key.matches(&input.clone()));
    }

    #[test]
    fn notices_changed_samples_at_the_same_address() {
        let mut input = vec![json!(1), json!(2)];
        let key = InputKey::new(&input);
        input[1] = json!(3);
        assert!(!key.matches(&input));
    }

    #[test]
    fn samples_first_middle_and_last() {
        let sampled = |len| InputKey::sample_indices(len).collect::<Vec<_>>();
        assert_eq!(sampled(0), Vec::<usize>::new());
        assert_eq!(sampled(1), vec![0]);
        assert_eq!(sampled(3), vec![0, 1, 2]);
        assert_eq!(sampled(10), vec![0, 5, 9]);
    }
}
