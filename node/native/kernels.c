// The product kernels of runtime/wasm/product-kernels.ts compiled for this machine: the Node
// door's faster form of runtime/parallel.ts's runChunk, over the same WebAssembly memory and the
// same chunk words. Built at `npm ci` by node-gyp (binding.gyp, scripts/build-native.mjs) with
// -march=native; where it is missing, the WebAssembly kernels run (node/native-kernels.ts).
//
// Every output is the same sum in the same order as the WebAssembly kernel's and the JavaScript
// kernel's: a lane of an accumulator is one output, it adds its products one at a time, k in
// order, each product rounded before it is added (mul then add: -ffp-contract=off keeps the
// compiler from fusing them, and nothing here reassociates). Only the vectors are wider — as
// wide as the machine's (4 doubles with AVX2) where WebAssembly has 2 — so the bits are the same.
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

// Vectors of 4 doubles (AVX2), and of 8 where the machine has AVX-512: 35 against 25 GFLOP/s a
// thread on 209 cat images. x counts are multiples of 4, so a 4-wide tile ends every row.
typedef double vec4 __attribute__((vector_size(32)));
typedef double vec4_u __attribute__((vector_size(32), aligned(8)));
#ifdef __AVX512F__
#define WIDE 8
typedef double vec8 __attribute__((vector_size(64)));
typedef double vec8_u __attribute__((vector_size(64), aligned(8)));
#else
#define WIDE 4
#endif

// The chunk's words (runtime/parallel.ts): kernel index, 11 kernel arguments, panel, layout,
// width, blockBytes, alongY, from, to.
enum { KERNEL, V_PTR, V_STRIDE, S_PTR, S_ROW, S_COL, C_PTR, C_Y, C_X, Y_COUNT, X_COUNT, K_COUNT,
       PANEL, LAYOUT, WIDTH, BLOCK_BYTES, ALONG_Y, FROM, TO, CHUNK_SIZE };
enum { PLAIN = 0, BLOCKED_V = 1, BLOCKED_S = 2, BLOCKED_VS = 3 };
// The kernels in product-kernels.ts's KERNEL_NAMES order; node/native-kernels.ts checks the names.
enum { PANEL_KERNEL = 0, NT_KERNEL = 1 };

typedef struct {
  char *base;
  size_t bytes;
} Heap;

typedef struct {
  uint64_t v, s, c;
  int64_t vStride, sRow, sCol, cY, cX;
  int64_t yCount, xCount, kCount, kRun, sJump;
} Call;

// One tile: 4 rows of y by `vectors` vectors of x (LANES x each). `rows`: out's x along C's rows
// (vector loads and stores), else down its columns (lane by lane). `accumulate`: the sums start
// from C's values and are stored; else from 0 and added to C (C += Σ). A vector times a double
// multiplies every lane by that double: the splat of the WebAssembly kernel.
#define DEFINE_TILE(NAME, VEC, VEC_U, LANES)                                                          \
  static inline __attribute__((always_inline)) void NAME(char *base, const Call *call, int64_t y, int64_t x, \
                                                         const int vectors, const int rows,            \
                                                         const int accumulate) {                       \
    VEC acc[4][2];                                                                                     \
    char *out = base + call->c + y * call->cY + x * call->cX;                                          \
    for (int row = 0; row < 4; row++)                                                                  \
      for (int half = 0; half < vectors; half++)                                                       \
        acc[row][half] = accumulate ? *(const VEC_U *)(out + row * call->cY + half * LANES * 8) : (VEC){0}; \
    const char *v = base + call->v + x * 8;                                                            \
    const char *s = base + call->s + y * call->sRow;                                                   \
    for (int64_t k = 0; k < call->kCount;) {                                                           \
      const int64_t end = k + call->kRun < call->kCount ? k + call->kRun : call->kCount;               \
      for (; k < end; k++) {                                                                           \
        const VEC v0 = *(const VEC_U *)v;                                                              \
        const VEC v1 = vectors > 1 ? *(const VEC_U *)(v + LANES * 8) : v0;                             \
        for (int row = 0; row < 4; row++) {                                                            \
          const double scalar = *(const double *)(s + row * call->sRow);                               \
          acc[row][0] = acc[row][0] + v0 * scalar;                                                     \
          if (vectors > 1) acc[row][1] = acc[row][1] + v1 * scalar;                                    \
        }                                                                                              \
        v += call->vStride;                                                                            \
        s += call->sCol;                                                                               \
      }                                                                                                \
      s += call->sJump;                                                                                \
    }                                                                                                  \
    for (int row = 0; row < 4; row++) {                                                                \
      for (int half = 0; half < vectors; half++) {                                                     \
        if (rows) {                                                                                    \
          VEC_U *at = (VEC_U *)(out + row * call->cY + half * LANES * 8);                              \
          *at = accumulate ? acc[row][half] : *at + acc[row][half];                                    \
        } else {                                                                                       \
          for (int lane = 0; lane < LANES; lane++) {                                                   \
            double *at = (double *)(out + row * call->cY + (half * LANES + lane) * call->cX);          \
            *at = *at + acc[row][half][lane];                                                          \
          }                                                                                            \
        }                                                                                              \
      }                                                                                                \
    }                                                                                                  \
  }

DEFINE_TILE(tile4, vec4, vec4_u, 4)
#ifdef __AVX512F__
DEFINE_TILE(tile8, vec8, vec8_u, 8)
#endif

// The whole call, tile by tile: two vectors of x while two are left, then one, then 4-wide.
static inline __attribute__((always_inline)) void kernel(char *base, const Call *call, const int rows,
                                                        const int accumulate) {
  for (int64_t y = 0; y < call->yCount; y += 4) {
    int64_t x = 0;
#ifdef __AVX512F__
    for (; x + 16 <= call->xCount; x += 16) tile8(base, call, y, x, 2, rows, accumulate);
    for (; x + 8 <= call->xCount; x += 8) tile8(base, call, y, x, 1, rows, accumulate);
#endif
    for (; x + 8 <= call->xCount; x += 8) tile4(base, call, y, x, 2, rows, accumulate);
    for (; x < call->xCount; x += 4) tile4(base, call, y, x, 1, rows, accumulate);
  }
}

// The last byte a call reads or writes lies inside the heap (the WebAssembly kernels trap there).
static int inside(const Heap *heap, const Call *call, int columns) {
  if (call->yCount <= 0 || call->xCount <= 0 || call->kCount <= 0) return 1;
  const int64_t blocks = call->kRun > 0 ? (call->kCount - 1) / call->kRun : 0;
  const uint64_t vEnd = call->v + (call->kCount - 1) * call->vStride + call->xCount * 8;
  const uint64_t sEnd = call->s + (call->yCount - 1) * call->sRow + (call->kCount - 1) * call->sCol +
                        blocks * call->sJump + 8;
  const uint64_t cEnd = columns ? call->c + (call->yCount - 1) * call->cY + (call->xCount - 1) * call->cX + 8
                                : call->c + (call->yCount - 1) * call->cY + call->xCount * 8;
  return vEnd <= heap->bytes && sEnd <= heap->bytes && cEnd <= heap->bytes;
}

// Runs the call, or with `check` only says whether it lies inside the heap.
static int call_kernel(const Heap *heap, int index, const Call *call, int check) {
  if (check) return inside(heap, call, index == NT_KERNEL);
  if (index == PANEL_KERNEL) kernel(heap->base, call, 1, 1);
  else kernel(heap->base, call, 0, 0);
  return 1;
}

// runtime/parallel.ts's runChunk, word for word: cut the chunk's range from the whole product and
// walk k in panels (PLAIN, BLOCKED_V, BLOCKED_VS) or in one call jumping from block to block
// (BLOCKED_S).
// With `check`, runs nothing and says whether every call lies inside the heap.
static int run_chunk(const Heap *heap, const int32_t *w, int check) {
  const int index = w[KERNEL];
  if (index != PANEL_KERNEL && index != NT_KERNEL) return 0;
  const int64_t yCount = w[Y_COUNT], xCount = w[X_COUNT], kCount = w[K_COUNT];
  const int alongY = w[ALONG_Y];
  const int64_t y0 = alongY ? w[FROM] : 0, y1 = alongY ? w[TO] : yCount;
  const int64_t x0 = alongY ? 0 : w[FROM], x1 = alongY ? xCount : w[TO];
  const uint64_t vPtr = (uint32_t)w[V_PTR], sPtr = (uint32_t)w[S_PTR], cPtr = (uint32_t)w[C_PTR];
  const int64_t sRow = w[S_ROW], sCol = w[S_COL], cY = w[C_Y], cX = w[C_X];
  const uint64_t out = cPtr + y0 * cY;
  const int64_t width = w[WIDTH], blockBytes = w[BLOCK_BYTES], panel = w[PANEL];
  if (w[LAYOUT] == BLOCKED_S) {
    const int64_t rowBytes = width * 8;
    const Call call = {vPtr + x0 * 8, sPtr + y0 * rowBytes, out + x0 * cX, w[V_STRIDE], rowBytes, 8, cY, cX,
                       y1 - y0, x1 - x0, kCount, width, blockBytes - rowBytes};
    return call_kernel(heap, index, &call, check);
  }
  if (panel <= 0) return 0;
  if (w[LAYOUT] == BLOCKED_VS) {
    if (width <= 0) return 0;
    const int64_t rowBytes = width * 8;
    for (int64_t y = y0; y < y1;) {
      const int64_t yBlock = y / width, yEnd = y1 < (yBlock + 1) * width ? y1 : (yBlock + 1) * width;
      const uint64_t s = sPtr + yBlock * blockBytes + (y - yBlock * width) * 8;
      // Blocks of x left of y's own are the mirror image of ones computed (the caller copies them).
      for (int64_t x = x0 > yBlock * width ? x0 : yBlock * width; x < x1;) {
        const int64_t xBlock = x / width, xEnd = x1 < (xBlock + 1) * width ? x1 : (xBlock + 1) * width;
        const uint64_t v = vPtr + xBlock * blockBytes + (x - xBlock * width) * 8;
        for (int64_t k0 = 0; k0 < kCount; k0 += panel) {
          const int64_t count = panel < kCount - k0 ? panel : kCount - k0;
          const Call call = {v + k0 * rowBytes, s + k0 * rowBytes, cPtr + y * cY + x * cX, rowBytes, 8, rowBytes,
                             cY, cX, yEnd - y, xEnd - x, count, count, 0};
          if (!call_kernel(heap, index, &call, check)) return 0;
        }
        x = xEnd;
      }
      y = yEnd;
    }
    return 1;
  }
  for (int64_t x = x0; x < x1;) {
    uint64_t v = vPtr + x * 8;
    int64_t stride = w[V_STRIDE], end = x1;
    if (w[LAYOUT] == BLOCKED_V) {
      if (width <= 0) return 0;
      const int64_t block = x / width, blockX = block * width;
      v = vPtr + block * blockBytes + (x - blockX) * 8;
      stride = width * 8;
      end = x1 < blockX + width ? x1 : blockX + width;
    }
    for (int64_t k0 = 0; k0 < kCount; k0 += panel) {
      const int64_t count = panel < kCount - k0 ? panel : kCount - k0;
      const Call call = {v + k0 * stride, sPtr + y0 * sRow + k0 * sCol, out + x * cX, stride, sRow, sCol, cY, cX,
                         y1 - y0, end - x, count, count, 0};
      if (!call_kernel(heap, index, &call, check)) return 0;
    }
    x = end;
  }
  return 1;
}

// runChunk(heap: TypedArray over the kernels' memory, control: Int32Array, at: number): undefined.
static napi_value RunChunk(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) {
    napi_throw_type_error(env, NULL, "runChunk(heap, control, at) takes three arguments");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value buffer;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) != napi_ok) {
    napi_throw_type_error(env, NULL, "runChunk: the heap must be a typed array");
    return NULL;
  }
  size_t elementBytes = type == napi_float64_array ? 8 : type == napi_int32_array ? 4 : 1;
  const Heap heap = {(char *)data, length * elementBytes};
  void *controlData;
  size_t words;
  if (napi_get_typedarray_info(env, argv[1], &type, &words, &controlData, &buffer, &offset) != napi_ok ||
      type != napi_int32_array) {
    napi_throw_type_error(env, NULL, "runChunk: the control words must be an Int32Array");
    return NULL;
  }
  int32_t at;
  if (napi_get_value_int32(env, argv[2], &at) != napi_ok || at < 0 || (size_t)at + CHUNK_SIZE > words) {
    napi_throw_range_error(env, NULL, "runChunk: the chunk lies outside the control words");
    return NULL;
  }
  const int32_t *control = controlData;
  // Checked whole before any call runs, so a bad chunk writes nothing.
  if (!run_chunk(&heap, control + at, 1)) {
    napi_throw_range_error(env, NULL, "runChunk: a kernel's operands lie outside the heap");
    return NULL;
  }
  run_chunk(&heap, control + at, 0);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value run, names, name;
  napi_create_function(env, "runChunk", NAPI_AUTO_LENGTH, RunChunk, NULL, &run);
  napi_set_named_property(env, exports, "runChunk", run);
  napi_create_array_with_length(env, 2, &names);
  napi_create_string_utf8(env, "panel", NAPI_AUTO_LENGTH, &name);
  napi_set_element(env, names, PANEL_KERNEL, name);
  napi_create_string_utf8(env, "nt", NAPI_AUTO_LENGTH, &name);
  napi_set_element(env, names, NT_KERNEL, name);
  napi_set_named_property(env, exports, "kernels", names);
  napi_value lanes;
  napi_create_int32(env, WIDE, &lanes);
  napi_set_named_property(env, exports, "lanes", lanes);
  napi_value chunkSize;
  napi_create_int32(env, CHUNK_SIZE, &chunkSize);
  napi_set_named_property(env, exports, "chunkSize", chunkSize);
  return exports;
}
