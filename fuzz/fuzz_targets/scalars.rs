//! The scalar parsers on arbitrary text: durations, terms, times, dates, KPI targets
//! (comparisons and percentages), frequencies and ids. None may panic, and where a value
//! prints back to text, that text must parse to the same value.
#![no_main]

use commspec::spec::{Date, Duration, Frequency, Id, Target, Term, TimeOfDay};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(d) = text.parse::<Duration>() {
        // Printed as written (trimmed), which parses to the same duration.
        assert_eq!(d.to_string().parse::<Duration>().as_ref(), Ok(&d));
        assert!(d.days_ceil() * 1440 >= d.minutes);
        // The term accepts every duration.
        assert_eq!(text.parse::<Term>(), Ok(Term::Fixed(d)));
    }
    if let Ok(t) = text.parse::<Term>() {
        assert_eq!(t.to_string().parse::<Term>().map(|t| t.days()), Ok(t.days()));
    }
    if let Ok(t) = text.parse::<TimeOfDay>() {
        assert!(t.minutes < 24 * 60);
        let shown = t.to_string();
        assert_eq!(shown.len(), 5, "{shown}");
        assert_eq!(shown.parse::<TimeOfDay>(), Ok(t));
    }
    if let Ok(d) = text.parse::<Date>() {
        let shown = d.to_string();
        assert_eq!(shown.parse::<Date>(), Ok(d));
        assert_eq!(shown, text.trim());
        // Day arithmetic round-trips and neighbours are one day apart, up to the last date.
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        match d.add_days(1) {
            Some(next) => {
                assert_eq!(next.to_days(), d.to_days() + 1);
                assert_eq!(next.add_days(-1), Some(d));
                assert_eq!(next.weekday(), (d.weekday() + 1) % 7);
            }
            None => assert_eq!(d, Date::LAST),
        }
    }
    if let Ok(t) = text.parse::<Target>() {
        assert!(t.value.is_finite(), "{text:?} parsed to {}", t.value);
        assert!(t.fraction().is_finite());
        assert_eq!(t.to_string().parse::<Target>(), Ok(t));
    }
    if let Ok(f) = text.parse::<Frequency>() {
        assert!(f.per_week.is_finite() && f.per_week >= 0.0);
        assert_eq!(f.to_string().parse::<Frequency>(), Ok(f));
    }
    if let Ok(id) = text.parse::<Id>() {
        assert_eq!(id.to_string(), text);
        assert!(!text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    }
    // Days far from the epoch must not overflow or panic either: they are no date.
    if let Ok(n) = text.trim().parse::<i64>() {
        if let Some(d) = Date::from_days(n) {
            assert_eq!(d.to_days(), n);
            assert!((1..=9999).contains(&d.year), "{n}: {d}");
        }
        assert_eq!(Date::LAST.add_days(n).is_some(), (-3_652_058..=0).contains(&n), "{n}");
    }
});
