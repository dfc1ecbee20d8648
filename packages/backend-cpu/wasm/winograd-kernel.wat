;; The tile transforms of Winograd F(2×2, 3×3) convolutions for the CPU backend
;; (src/winograd), in f32x4, on the caller and the gemm's worker threads over
;; the same shared memory; the 16 products between them run on the gemm.
;;   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]   Aᵀ = [1 1 1 0; 0 1 −1 −1]
;; op 1, input:    V = Bᵀ·d·B of every 4×4 input block d, tile (ty, tx) reading
;;                 padded rows 2ty … 2ty+3 and columns 2tx … 2tx+3;
;; op 2, output:   y = Aᵀ·m·A of every tile's 16 products, + bias, ReLU, cropped
;;                 to the Ho×Wo output;
;; op 3, gradient: dm = A·dy·Aᵀ of every 2×2 block of the output gradient.
;; One (image, channel) plane per task. Lanes are four neighbouring tiles of a
;; tile row; the last vector of a row overlaps the one before when the row's
;; tile count is not a multiple of 4 (needs ≥ 4 tiles: the caller checks), which
;; recomputes and rewrites the same values. Transformed value ξ = 4i + j of tile
;; t goes to matrix ξ: base + ξ·(matrix stride) + t, t = image's first tile +
;; ty·(tiles wide) + tx, each matrix's rows (channels) `span` floats long.
;;
;; Job fields (i32 at byte offset from $job, the gemm's job address):
;; 0 op, 4 tasks (images·channels), 8 channels (planes per image), 12 tiles
;; high, 16 tiles wide, 20 tiles per image, 24 source (the chunk's first plane),
;; 28 bytes between the source's images, 32 target, 36 bytes between the
;; target's images (output), 40 span (floats), 44 bytes between matrices,
;; 48 source height, 52 source width, 56 pad top, 60 pad left (may be
;; negative: a crop), 64 bias address (0: none), 68 next task (atomic, as in
;; the gemm's job), 72 ReLU (0 or 1), 76 output height, 80 output width.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Copies a plane into $rows × $columns floats at $target, source row r −
  ;; $padTop and column c − $padLeft at (r, c), zero outside the source.
  (func $padPlane (param $source i32) (param $height i32) (param $width i32) (param $padTop i32) (param $padLeft i32)
    (param $target i32) (param $rows i32) (param $columns i32)
    (local $row i32) (local $sourceRow i32) (local $first i32) (local $end i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    ;; Columns [first, end) come from the source row.
    (local.set $first (local.get $padLeft))
    (if (i32.lt_s (local.get $first) (i32.const 0)) (then (local.set $first (i32.const 0))))
    (if (i32.gt_s (local.get $first) (local.get $columns)) (then (local.set $first (local.get $columns))))
    (local.set $end (i32.add (local.get $width) (local.get $padLeft)))
    (if (i32.gt_s (local.get $end) (local.get $columns)) (then (local.set $end (local.get $columns))))
    (if (i32.lt_s (local.get $end) (local.get $first)) (then (local.set $end (local.get $first))))
    (loop $rowsLoop
      (local.set $sourceRow (i32.sub (local.get $row) (local.get $padTop)))
      (if (i32.or (i32.lt_s (local.get $sourceRow) (i32.const 0)) (i32.ge_s (local.get $sourceRow) (local.get $height)))
        (then (memory.fill (local.get $target) (i32.const 0) (local.get $rowBytes)))
        (else
          (memory.fill (local.get $target) (i32.const 0) (i32.shl (local.get $first) (i32.const 2)))
          (memory.copy (i32.add (local.get $target) (i32.shl (local.get $first) (i32.const 2)))
            (i32.add (local.get $source) (i32.shl (i32.sub (i32.add (i32.mul (local.get $sourceRow) (local.get $width)) (local.get $first)) (local.get $padLeft)) (i32.const 2)))
            (i32.shl (i32.sub (local.get $end) (local.get $first)) (i32.const 2)))
          (memory.fill (i32.add (local.get $target) (i32.shl (local.get $end) (i32.const 2))) (i32.const 0)
            (i32.shl (i32.sub (local.get $columns) (local.get $end)) (i32.const 2)))))
      (local.set $target (i32.add (local.get $target) (local.get $rowBytes)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rowsLoop (i32.lt_s (local.get $row) (local.get $rows)))))

  ;; Row i of Bᵀ·d·B for four tiles: the rows $x + $sign·$y of their blocks
  ;; (row i of Bᵀ·d), then ·B along it: (e0 − e2, e1 + e2, e2 − e1, e1 − e3),
  ;; ej the four tiles' column j (padded columns 2tx + 2·lane + j).
  (func $inputRow (param $x i32) (param $y i32) (param $sign v128) (param $out i32) (param $stride i32)
    (local $a v128) (local $b v128) (local $c v128) (local $even v128) (local $odd v128) (local $next v128)
    (local.set $a (f32x4.add (v128.load (local.get $x)) (f32x4.mul (local.get $sign) (v128.load (local.get $y)))))
    (local.set $b (f32x4.add (v128.load offset=16 (local.get $x)) (f32x4.mul (local.get $sign) (v128.load offset=16 (local.get $y)))))
    (local.set $c (f32x4.add (v128.load offset=32 (local.get $x)) (f32x4.mul (local.get $sign) (v128.load offset=32 (local.get $y)))))
    (local.set $even (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
    (local.set $odd (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
    ;; Column 2: the even lanes shifted by one tile; column 3: the odd ones.
    (local.set $next (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 (local.get $even) (local.get $c)))
    (v128.store (local.get $out) (f32x4.sub (local.get $even) (local.get $next)))
    (v128.store (i32.add (local.get $out) (local.get $stride)) (f32x4.add (local.get $odd) (local.get $next)))
    (v128.store (i32.add (local.get $out) (i32.shl (local.get $stride) (i32.const 1))) (f32x4.sub (local.get $next) (local.get $odd)))
    (v128.store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 3)))
      (f32x4.sub (local.get $odd) (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 20 21 22 23 (local.get $odd) (local.get $c)))))

  ;; a + sign·b + sign·c
  (func $combine (param $a v128) (param $b v128) (param $c v128) (param $sign v128) (result v128)
    (f32x4.add (f32x4.add (local.get $a) (f32x4.mul (local.get $sign) (local.get $b))) (f32x4.mul (local.get $sign) (local.get $c))))

  ;; One output row of four tiles: row r of Aᵀ·m (products from $m, matrices
  ;; $stride bytes apart: m_k + s·m_k+1 + s·m_k+2, the caller passing $m at row
  ;; k = r and s = +1, −1), then ·A along it, interleaved into 8 output columns.
  (func $outputRow (param $m i32) (param $stride i32) (param $sign v128) (param $out i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $left v128) (local $right v128)
    (local $step i32)
    (local.set $step (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $s0 (call $combine (v128.load (local.get $m)) (v128.load (i32.add (local.get $m) (local.get $step)))
      (v128.load (i32.add (local.get $m) (i32.shl (local.get $step) (i32.const 1)))) (local.get $sign)))
    (local.set $m (i32.add (local.get $m) (local.get $stride)))
    (local.set $s1 (call $combine (v128.load (local.get $m)) (v128.load (i32.add (local.get $m) (local.get $step)))
      (v128.load (i32.add (local.get $m) (i32.shl (local.get $step) (i32.const 1)))) (local.get $sign)))
    (local.set $m (i32.add (local.get $m) (local.get $stride)))
    (local.set $s2 (call $combine (v128.load (local.get $m)) (v128.load (i32.add (local.get $m) (local.get $step)))
      (v128.load (i32.add (local.get $m) (i32.shl (local.get $step) (i32.const 1)))) (local.get $sign)))
    (local.set $m (i32.add (local.get $m) (local.get $stride)))
    (local.set $s3 (call $combine (v128.load (local.get $m)) (v128.load (i32.add (local.get $m) (local.get $step)))
      (v128.load (i32.add (local.get $m) (i32.shl (local.get $step) (i32.const 1)))) (local.get $sign)))
    (local.set $left (call $combine (local.get $s0) (local.get $s1) (local.get $s2) (f32x4.splat (f32.const 1))))
    (local.set $right (call $combine (local.get $s1) (local.get $s2) (local.get $s3) (f32x4.splat (f32.const -1))))
    (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $left) (local.get $right)))
    (v128.store offset=16 (local.get $out) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $left) (local.get $right))))

  ;; Stores four vectors at $out + j·$stride.
  (func $storeFour (param $out i32) (param $stride i32) (param $v0 v128) (param $v1 v128) (param $v2 v128) (param $v3 v128)
    (v128.store (local.get $out) (local.get $v0))
    (v128.store (i32.add (local.get $out) (local.get $stride)) (local.get $v1))
    (v128.store (i32.add (local.get $out) (i32.shl (local.get $stride) (i32.const 1))) (local.get $v2))
    (v128.store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 3))) (local.get $v3)))

  ;; dm = A·dy·Aᵀ for four tiles whose 2×2 blocks start at $top: each dy row
  ;; (d0, d1) becomes (d0, d0 + d1, d0 − d1, −d1); matrix rows p, p + q, p − q, −q.
  (func $gradientTiles (param $top i32) (param $bottom i32) (param $out i32) (param $stride i32)
    (local $e v128) (local $o v128) (local $f v128) (local $g v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $e (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $top)) (v128.load offset=16 (local.get $top))))
    (local.set $o (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $top)) (v128.load offset=16 (local.get $top))))
    (local.set $f (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (v128.load (local.get $bottom)) (v128.load offset=16 (local.get $bottom))))
    (local.set $g (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (v128.load (local.get $bottom)) (v128.load offset=16 (local.get $bottom))))
    (local.set $p0 (local.get $e))
    (local.set $p1 (f32x4.add (local.get $e) (local.get $o)))
    (local.set $p2 (f32x4.sub (local.get $e) (local.get $o)))
    (local.set $p3 (f32x4.neg (local.get $o)))
    (local.set $q0 (local.get $f))
    (local.set $q1 (f32x4.add (local.get $f) (local.get $g)))
    (local.set $q2 (f32x4.sub (local.get $f) (local.get $g)))
    (local.set $q3 (f32x4.neg (local.get $g)))
    (call $storeFour (local.get $out) (local.get $stride) (local.get $p0) (local.get $p1) (local.get $p2) (local.get $p3))
    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $stride) (i32.const 2))))
    (call $storeFour (local.get $out) (local.get $stride)
      (f32x4.add (local.get $p0) (local.get $q0)) (f32x4.add (local.get $p1) (local.get $q1))
      (f32x4.add (local.get $p2) (local.get $q2)) (f32x4.add (local.get $p3) (local.get $q3)))
    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $stride) (i32.const 2))))
    (call $storeFour (local.get $out) (local.get $stride)
      (f32x4.sub (local.get $p0) (local.get $q0)) (f32x4.sub (local.get $p1) (local.get $q1))
      (f32x4.sub (local.get $p2) (local.get $q2)) (f32x4.sub (local.get $p3) (local.get $q3)))
    (local.set $out (i32.add (local.get $out) (i32.shl (local.get $stride) (i32.const 2))))
    (call $storeFour (local.get $out) (local.get $stride)
      (f32x4.neg (local.get $q0)) (f32x4.neg (local.get $q1)) (f32x4.neg (local.get $q2)) (f32x4.neg (local.get $q3))))

  ;; One plane's tiles: pads the source plane into $scratch (ops 1 and 3), then
  ;; runs four tiles at a time along each tile row; op 2 builds the uncropped
  ;; output plane in $scratch, then crops it into the output with bias and ReLU.
  (func $plane (param $job i32) (param $task i32) (param $scratch i32)
    (local $op i32) (local $channels i32) (local $image i32) (local $channel i32)
    (local $tilesHigh i32) (local $tilesWide i32) (local $span i32) (local $stride i32)
    (local $height i32) (local $width i32) (local $columns i32) (local $rowBytes i32)
    (local $source i32) (local $target i32) (local $tileRow i32) (local $tileColumn i32)
    (local $block i32) (local $tiles i32) (local $bias v128) (local $relu i32) (local $row i32) (local $column i32)
    (local $value v128) (local $from i32) (local $to i32)
    (local.set $op (i32.load offset=0 (local.get $job)))
    (local.set $channels (i32.load offset=8 (local.get $job)))
    (local.set $image (i32.div_u (local.get $task) (local.get $channels)))
    (local.set $channel (i32.rem_u (local.get $task) (local.get $channels)))
    (local.set $tilesHigh (i32.load offset=12 (local.get $job)))
    (local.set $tilesWide (i32.load offset=16 (local.get $job)))
    (local.set $span (i32.load offset=40 (local.get $job)))
    (local.set $stride (i32.load offset=44 (local.get $job)))
    (local.set $height (i32.load offset=48 (local.get $job)))
    (local.set $width (i32.load offset=52 (local.get $job)))
    ;; This plane's column in the tile matrices (ops 1, 3: the target; op 2: the source).
    (local.set $tiles (i32.shl (i32.add (i32.mul (local.get $channel) (local.get $span))
      (i32.mul (local.get $image) (i32.load offset=20 (local.get $job)))) (i32.const 2)))
    (if (i32.eq (local.get $op) (i32.const 2))
      (then
        (local.set $source (i32.add (i32.load offset=24 (local.get $job)) (local.get $tiles)))
        (local.set $columns (i32.shl (local.get $tilesWide) (i32.const 1))))
      (else
        (local.set $source (i32.add (i32.add (i32.load offset=24 (local.get $job)) (i32.mul (local.get $image) (i32.load offset=28 (local.get $job))))
          (i32.shl (i32.mul (local.get $channel) (i32.mul (local.get $height) (local.get $width))) (i32.const 2))))
        (local.set $target (i32.add (i32.load offset=32 (local.get $job)) (local.get $tiles)))
        (local.set $columns (i32.add (i32.shl (local.get $tilesWide) (i32.const 1)) (i32.const 4)))
        (call $padPlane (local.get $source) (local.get $height) (local.get $width)
          (i32.load offset=56 (local.get $job)) (i32.load offset=60 (local.get $job)) (local.get $scratch)
          (i32.add (i32.shl (local.get $tilesHigh) (i32.const 1)) (select (i32.const 2) (i32.const 0) (i32.eq (local.get $op) (i32.const 1))))
          (local.get $columns))))
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    (loop $tileRows
      (local.set $tileColumn (i32.const 0))
      (block $tileColumnsDone
        (loop $tileColumns
          (if (i32.gt_u (i32.add (local.get $tileColumn) (i32.const 4)) (local.get $tilesWide))
            (then (local.set $tileColumn (i32.sub (local.get $tilesWide) (i32.const 4)))))
          ;; The four tiles' first cell in $scratch, and their column offset in the matrices.
          (local.set $block (i32.add (local.get $scratch) (i32.add (i32.mul (i32.shl (local.get $tileRow) (i32.const 1)) (local.get $rowBytes))
            (i32.shl (local.get $tileColumn) (i32.const 3)))))
          (local.set $tiles (i32.shl (i32.add (i32.mul (local.get $tileRow) (local.get $tilesWide)) (local.get $tileColumn)) (i32.const 2)))
          (if (i32.eq (local.get $op) (i32.const 1))
            (then
              (local.set $to (i32.add (local.get $target) (local.get $tiles)))
              (call $inputRow (local.get $block) (i32.add (local.get $block) (i32.shl (local.get $rowBytes) (i32.const 1)))
                (f32x4.splat (f32.const -1)) (local.get $to) (local.get $stride))
              (call $inputRow (i32.add (local.get $block) (local.get $rowBytes)) (i32.add (local.get $block) (i32.shl (local.get $rowBytes) (i32.const 1)))
                (f32x4.splat (f32.const 1)) (i32.add (local.get $to) (i32.shl (local.get $stride) (i32.const 2))) (local.get $stride))
              (call $inputRow (i32.add (local.get $block) (i32.shl (local.get $rowBytes) (i32.const 1))) (i32.add (local.get $block) (local.get $rowBytes))
                (f32x4.splat (f32.const -1)) (i32.add (local.get $to) (i32.shl (local.get $stride) (i32.const 3))) (local.get $stride))
              (call $inputRow (i32.add (local.get $block) (local.get $rowBytes)) (i32.add (local.get $block) (i32.mul (local.get $rowBytes) (i32.const 3)))
                (f32x4.splat (f32.const -1)) (i32.add (local.get $to) (i32.mul (local.get $stride) (i32.const 12))) (local.get $stride))))
          (if (i32.eq (local.get $op) (i32.const 2))
            (then
              (local.set $from (i32.add (local.get $source) (local.get $tiles)))
              (call $outputRow (local.get $from) (local.get $stride) (f32x4.splat (f32.const 1)) (local.get $block))
              (call $outputRow (i32.add (local.get $from) (i32.shl (local.get $stride) (i32.const 2))) (local.get $stride)
                (f32x4.splat (f32.const -1)) (i32.add (local.get $block) (local.get $rowBytes)))))
          (if (i32.eq (local.get $op) (i32.const 3))
            (then
              (call $gradientTiles (local.get $block) (i32.add (local.get $block) (local.get $rowBytes))
                (i32.add (local.get $target) (local.get $tiles)) (local.get $stride))))
          (br_if $tileColumnsDone (i32.ge_u (i32.add (local.get $tileColumn) (i32.const 4)) (local.get $tilesWide)))
          (local.set $tileColumn (i32.add (local.get $tileColumn) (i32.const 4)))
          (br $tileColumns)))
      (local.set $tileRow (i32.add (local.get $tileRow) (i32.const 1)))
      (br_if $tileRows (i32.lt_u (local.get $tileRow) (local.get $tilesHigh))))
    (if (i32.ne (local.get $op) (i32.const 2)) (then (return)))
    ;; Crop into the output (≥ 7 columns wide: 4 tiles), + bias, ReLU on the bits (bits & ~(bits >> 31)).
    (local.set $height (i32.load offset=76 (local.get $job)))
    (local.set $width (i32.load offset=80 (local.get $job)))
    (local.set $relu (i32.load offset=72 (local.get $job)))
    (if (i32.load offset=64 (local.get $job))
      (then (local.set $bias (f32x4.splat (f32.load (i32.add (i32.load offset=64 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2))))))))
    (local.set $target (i32.add (i32.add (i32.load offset=32 (local.get $job)) (i32.mul (local.get $image) (i32.load offset=36 (local.get $job))))
      (i32.shl (i32.mul (local.get $channel) (i32.mul (local.get $height) (local.get $width))) (i32.const 2))))
    (loop $rows
      (local.set $column (i32.const 0))
      (block $columnsDone
        (loop $columnsLoop
          (if (i32.gt_u (i32.add (local.get $column) (i32.const 4)) (local.get $width))
            (then (local.set $column (i32.sub (local.get $width) (i32.const 4)))))
          (local.set $value (f32x4.add (local.get $bias)
            (v128.load (i32.add (local.get $scratch) (i32.add (i32.mul (local.get $row) (local.get $rowBytes)) (i32.shl (local.get $column) (i32.const 2)))))))
          (if (local.get $relu)
            (then (local.set $value (v128.andnot (local.get $value) (i32x4.shr_s (local.get $value) (i32.const 31))))))
          (v128.store (i32.add (local.get $target) (i32.shl (i32.add (i32.mul (local.get $row) (local.get $width)) (local.get $column)) (i32.const 2)))
            (local.get $value))
          (br_if $columnsDone (i32.ge_u (i32.add (local.get $column) (i32.const 4)) (local.get $width)))
          (local.set $column (i32.add (local.get $column) (i32.const 4)))
          (br $columnsLoop)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (local.get $height)))))

  ;; Runs the job's planes until none are left; $scratch is this thread's buffer.
  (func (export "run") (param $job i32) (param $scratch i32)
    (local $task i32)
    (block $done
      (loop $tasks
        (local.set $task (i32.atomic.rmw.add offset=68 (local.get $job) (i32.const 1)))
        (br_if $done (i32.ge_u (local.get $task) (i32.load offset=4 (local.get $job))))
        (call $plane (local.get $job) (local.get $task) (local.get $scratch))
        (br $tasks))))
)
