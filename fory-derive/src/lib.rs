//! derive (in progress).
