//! Every builder setting reads back from `Fory::config()` under the
//! builder method's name (C-GETTER), defaults included.

use fory_core::{Config, Fory, ForyBuilder};

#[test]
fn defaults_mirror_pyfory_and_the_documented_limits() {
    let c = *Fory::builder().build().config();
    assert_eq!(c, Config::default());
    assert!(!c.xlang() && !c.ref_tracking() && c.strict() && c.compatible());
    assert!(!c.xlang_array_buffers() && !c.xlang_utf8_strings());
    assert_eq!(c.max_depth(), ForyBuilder::DEFAULT_MAX_DEPTH);
    assert_eq!(c.max_read_stack(), ForyBuilder::DEFAULT_MAX_READ_STACK);
    assert_eq!(
        c.max_collection_len(),
        ForyBuilder::DEFAULT_MAX_COLLECTION_LEN
    );
    assert_eq!(c.max_binary_size(), ForyBuilder::DEFAULT_MAX_BINARY_SIZE);
    assert_eq!(c.max_type_metas(), ForyBuilder::DEFAULT_MAX_TYPE_METAS);
}

#[test]
fn each_builder_setting_has_a_getter_of_its_name() {
    let fory = Fory::builder()
        .xlang(true)
        .ref_tracking(true)
        .strict(false)
        .compatible(false)
        .xlang_array_buffers(true)
        .xlang_utf8_strings(true)
        .max_depth(7)
        .max_read_stack(1 << 16)
        .max_collection_len(11)
        .max_binary_size(13)
        .max_type_metas(17)
        .build();
    let c = fory.config();
    assert!(c.xlang() && c.ref_tracking() && !c.strict() && !c.compatible());
    assert!(c.xlang_array_buffers() && c.xlang_utf8_strings());
    assert!(c.arrays_take_buffer_path());
    assert_eq!(c.max_depth(), 7);
    assert_eq!(c.max_read_stack(), 1 << 16);
    assert_eq!(c.max_collection_len(), 11);
    assert_eq!(c.max_binary_size(), 13);
    assert_eq!(c.max_type_metas(), 17);

    // the setting is kept as set in native mode, where arrays always take
    // the buffer path anyway
    let native = Fory::builder().xlang_array_buffers(false).build();
    assert!(!native.config().xlang_array_buffers());
    assert!(native.config().arrays_take_buffer_path());
}
