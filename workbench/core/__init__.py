"""Pure domain core: model, effect sizes, pooling, risk of bias. No I/O, no SQL, no Qt."""
