{
  "targets": [
    {
      "target_name": "nnc_kernels",
      "sources": ["node/native/kernels.c"],
      "cflags": ["-O3", "-march=native", "-ffp-contract=off", "-fno-fast-math", "-fno-strict-aliasing", "-std=c11"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-march=native", "-ffp-contract=off"] }
    }
  ]
}
