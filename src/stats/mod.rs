//! Statistics over write-ups: pure numbers, no drawing.

pub mod application;
