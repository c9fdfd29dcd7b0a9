//! Fory core (in progress).
