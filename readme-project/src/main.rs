//! The README's tour as a program of its own (see build.rs); a warning in
//! it is an error, as a user copying it would see the warning.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/tour.rs"));
