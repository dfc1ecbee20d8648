;; WebAssembly kernels for the CPU backend's memory-bound ops that cost time
;; between the matrix multiplies — local response normalization forward and
;; backward (SIMD128, β = 0.75, the paper's; one image per task) and max
;; pooling forward and backward (one channel plane per task), im2col and its
;; adjoint col2im (one image's channel per task) — on the caller and the gemm's
;; worker threads over the same shared memory.
;;
;; Assembled with gemm-kernel.wat by scripts/build-wasm.mjs. Tensors are NCHW
;; f32; a channel plane holds `plane` = H·W values. Positions run 4 at a time;
;; the last vector of a plane overlaps the one before when plane mod 4 ≠ 0
;; (outputs never alias inputs, so computing a value twice is harmless), which
;; needs plane ≥ 4 — the caller checks.
;;
;; Job fields (i32 at byte offset from $job, the gemm's job address), LRN:
;; 0 op (1 forward, 2 backward), 4 images, 8 channels, 12 plane, 16 x,
;; 20 dy, 24 output, 28 window channels below, 32 above, 36 k (f32),
;; 40 α (f32), 44 2αβ (f32), 68 next task (atomic, as in the gemm's job).
;; Max pooling: 0 op (3 forward, 4 backward), 4 planes (N·C), 8 height,
;; 12 width, 16 x, 20 y, 24 output, 28 dy, 32 kernel height, 36 kernel width,
;; 40 stride height, 44 stride width, 48 pad top, 52 pad left, 56 dilation
;; height, 60 dilation width, 68 next task, 72 output height, 76 output width.
;; im2col / col2im: 0 op (5 im2col, 6 col2im), 4 tasks (images·channels),
;; 8–12 and 32–76 as for pooling, 16 the first image's first channel, 20 bytes
;; between images, 24 the column matrix, 28 its row stride (floats), 64 channels.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; s^−3/4 = 1 / (√s · √√s): two square roots, exact to f32 rounding each.
  (func $inversePowerThreeQuarters (param $s v128) (result v128)
    (local $root v128)
    (local.set $root (f32x4.sqrt (local.get $s)))
    (f32x4.div (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $root) (f32x4.sqrt (local.get $root)))))

  ;; k + α·Σ x² over channels first … last at one vector of positions ($from:
  ;; the first channel's address, $planeBytes apart).
  (func $windowBase (param $from i32) (param $count i32) (param $planeBytes i32) (param $k v128) (param $alpha v128) (result v128)
    (local $sum v128) (local $value v128)
    (loop $window
      (local.set $value (v128.load (local.get $from)))
      (local.set $sum (f32x4.add (local.get $sum) (f32x4.mul (local.get $value) (local.get $value))))
      (local.set $from (i32.add (local.get $from) (local.get $planeBytes)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $window (local.get $count)))
    (f32x4.add (local.get $k) (f32x4.mul (local.get $alpha) (local.get $sum))))

  ;; Σ over channels first … last of one vector of positions.
  (func $windowSum (param $from i32) (param $count i32) (param $planeBytes i32) (result v128)
    (local $sum v128)
    (loop $window
      (local.set $sum (f32x4.add (local.get $sum) (v128.load (local.get $from))))
      (local.set $from (i32.add (local.get $from) (local.get $planeBytes)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $window (local.get $count)))
    (local.get $sum))

  ;; max(0, c − reach)
  (func $firstChannel (param $c i32) (param $reach i32) (result i32)
    (select (i32.const 0) (i32.sub (local.get $c) (local.get $reach))
      (i32.lt_s (i32.sub (local.get $c) (local.get $reach)) (i32.const 0))))

  ;; min(channels − 1, c + reach)
  (func $lastChannel (param $c i32) (param $reach i32) (param $channels i32) (result i32)
    (select (i32.sub (local.get $channels) (i32.const 1)) (i32.add (local.get $c) (local.get $reach))
      (i32.ge_s (i32.add (local.get $c) (local.get $reach)) (local.get $channels))))

  ;; y = x · (k + α·Σ_window x²)^−3/4 for one image.
  (func $forwardImage (param $x i32) (param $y i32) (param $channels i32) (param $plane i32)
    (param $below i32) (param $above i32) (param $k v128) (param $alpha v128)
    (local $c i32) (local $first i32) (local $count i32) (local $p i32) (local $planeBytes i32) (local $offset i32)
    (local.set $planeBytes (i32.shl (local.get $plane) (i32.const 2)))
    (loop $channelsLoop
      (local.set $first (call $firstChannel (local.get $c) (local.get $below)))
      (local.set $count (i32.add (i32.sub (call $lastChannel (local.get $c) (local.get $above) (local.get $channels)) (local.get $first)) (i32.const 1)))
      (local.set $p (i32.const 0))
      (block $positionsDone
        (loop $positions
          (if (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $plane))
            (then (local.set $p (i32.sub (local.get $plane) (i32.const 4)))))
          (local.set $offset (i32.add (i32.mul (local.get $c) (local.get $planeBytes)) (i32.shl (local.get $p) (i32.const 2))))
          (v128.store (i32.add (local.get $y) (local.get $offset))
            (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $offset)))
              (call $inversePowerThreeQuarters
                (call $windowBase
                  (i32.add (local.get $x) (i32.add (i32.mul (local.get $first) (local.get $planeBytes)) (i32.shl (local.get $p) (i32.const 2))))
                  (local.get $count) (local.get $planeBytes) (local.get $k) (local.get $alpha)))))
          (br_if $positionsDone (i32.ge_u (i32.add (local.get $p) (i32.const 4)) (local.get $plane)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $positions)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $channelsLoop (i32.lt_u (local.get $c) (local.get $channels)))))

  ;; The gradient for one image, with s_c = k + α·Σ_window(c) x²:
  ;;   dx[i] = dy[i]·s_i^−β − 2αβ·x[i]·Σ_{c whose window holds i} dy[c]·x[c]·s_c^(−β−1).
  ;; $scratch holds s^−β then dy·x·s^(−β−1) (channels·plane floats each).
  (func $backwardImage (param $x i32) (param $dy i32) (param $dx i32) (param $channels i32) (param $plane i32)
    (param $below i32) (param $above i32) (param $k v128) (param $alpha v128) (param $factor v128) (param $scratch i32)
    (local $c i32) (local $first i32) (local $count i32) (local $p i32) (local $planeBytes i32) (local $offset i32)
    (local $terms i32) (local $base v128) (local $powered v128)
    (local.set $planeBytes (i32.shl (local.get $plane) (i32.const 2)))
    (local.set $terms (i32.add (local.get $scratch) (i32.mul (local.get $channels) (local.get $planeBytes))))
    (loop $channelsLoop
      (local.set $first (call $firstChannel (local.get $c) (local.get $below)))
      (local.set $count (i32.add (i32.sub (call $lastChannel (local.get $c) (local.get $above) (local.get $channels)) (local.get $first)) (i32.const 1)))
      (local.set $p (i32.const 0))
      (block $positionsDone
        (loop $positions
          (if (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $plane))
            (then (local.set $p (i32.sub (local.get $plane) (i32.const 4)))))
          (local.set $offset (i32.add (i32.mul (local.get $c) (local.get $planeBytes)) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $base (call $windowBase
            (i32.add (local.get $x) (i32.add (i32.mul (local.get $first) (local.get $planeBytes)) (i32.shl (local.get $p) (i32.const 2))))
            (local.get $count) (local.get $planeBytes) (local.get $k) (local.get $alpha)))
          (local.set $powered (call $inversePowerThreeQuarters (local.get $base)))
          (v128.store (i32.add (local.get $scratch) (local.get $offset)) (local.get $powered))
          (v128.store (i32.add (local.get $terms) (local.get $offset))
            (f32x4.div
              (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $offset))) (v128.load (i32.add (local.get $x) (local.get $offset))))
                (local.get $powered))
              (local.get $base)))
          (br_if $positionsDone (i32.ge_u (i32.add (local.get $p) (i32.const 4)) (local.get $plane)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $positions)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $channelsLoop (i32.lt_u (local.get $c) (local.get $channels))))
    ;; Channel i lies in the windows of channels i − above … i + below.
    (local.set $c (i32.const 0))
    (loop $channelsLoop
      (local.set $first (call $firstChannel (local.get $c) (local.get $above)))
      (local.set $count (i32.add (i32.sub (call $lastChannel (local.get $c) (local.get $below) (local.get $channels)) (local.get $first)) (i32.const 1)))
      (local.set $p (i32.const 0))
      (block $positionsDone
        (loop $positions
          (if (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $plane))
            (then (local.set $p (i32.sub (local.get $plane) (i32.const 4)))))
          (local.set $offset (i32.add (i32.mul (local.get $c) (local.get $planeBytes)) (i32.shl (local.get $p) (i32.const 2))))
          (v128.store (i32.add (local.get $dx) (local.get $offset))
            (f32x4.sub
              (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $offset))) (v128.load (i32.add (local.get $scratch) (local.get $offset))))
              (f32x4.mul (f32x4.mul (local.get $factor) (v128.load (i32.add (local.get $x) (local.get $offset))))
                (call $windowSum
                  (i32.add (local.get $terms) (i32.add (i32.mul (local.get $first) (local.get $planeBytes)) (i32.shl (local.get $p) (i32.const 2))))
                  (local.get $count) (local.get $planeBytes)))))
          (br_if $positionsDone (i32.ge_u (i32.add (local.get $p) (i32.const 4)) (local.get $plane)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $positions)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $channelsLoop (i32.lt_u (local.get $c) (local.get $channels)))))

  ;; The kernel taps of one axis whose cells lie inside the plane, for a window
  ;; starting at $start (may be negative: padding): first tap, and one past the
  ;; last, packed as first·65536 + end. Padded cells never count, so they are skipped.
  (func $insideTaps (param $start i32) (param $kernel i32) (param $dilation i32) (param $length i32) (result i32)
    (local $first i32) (local $end i32)
    (if (i32.lt_s (local.get $start) (i32.const 0))
      (then (local.set $first (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $start)) (i32.sub (local.get $dilation) (i32.const 1))) (local.get $dilation)))))
    (local.set $end (local.get $kernel))
    (if (i32.gt_s (i32.add (local.get $start) (i32.mul (i32.sub (local.get $kernel) (i32.const 1)) (local.get $dilation))) (i32.sub (local.get $length) (i32.const 1)))
      (then (local.set $end (i32.div_u (i32.add (i32.sub (local.get $length) (local.get $start)) (i32.sub (local.get $dilation) (i32.const 1))) (local.get $dilation)))))
    (if (i32.gt_s (local.get $first) (local.get $end)) (then (local.set $end (local.get $first))))
    (i32.or (i32.shl (local.get $first) (i32.const 16)) (local.get $end)))

  ;; dx at the same offset as $position's in x += the gradient at $dy.
  (func $addGradient (param $dx i32) (param $x i32) (param $position i32) (param $dy i32)
    (local.set $dx (i32.add (local.get $dx) (i32.sub (local.get $position) (local.get $x))))
    (f32.store (local.get $dx) (f32.add (f32.load (local.get $dx)) (f32.load (local.get $dy)))))

  ;; Max pooling of one plane (geometry from the job, read once). Forward: each
  ;; window's maximum, NaN propagating (once best is NaN nothing replaces it), as
  ;; in PyTorch. Backward: clears the plane of dx, then adds each output's
  ;; gradient onto its window's first maximum (row-major) — found again from x
  ;; as the first cell equal to y, or, when none is (y is NaN), by comparison.
  (func $poolPlane (param $job i32) (param $plane i32)
    (local $x i32) (local $y i32) (local $dx i32) (local $dy i32) (local $forward i32)
    (local $height i32) (local $width i32) (local $kernelHeight i32) (local $kernelWidth i32)
    (local $strideHeight i32) (local $strideWidth i32) (local $padTop i32) (local $padLeft i32)
    (local $dilationHeight i32) (local $dilationWidth i32) (local $outputHeight i32) (local $outputWidth i32)
    (local $planeCells i32) (local $outputCells i32) (local $outputRow i32) (local $outputColumn i32) (local $output i32)
    (local $rowStart i32) (local $columnStart i32) (local $rows i32) (local $columns i32)
    (local $kernelRow i32) (local $kernelColumn i32) (local $rowAddress i32) (local $address i32) (local $columnStep i32)
    (local $value f32) (local $best f32) (local $target f32) (local $bestAddress i32) (local $pass i32)
    (local $vector i32) (local $bests v128) (local $values v128)
    (local $found v128) (local $equal v128) (local $positions v128) (local $laneOffsets v128)
    (local.set $forward (i32.eq (i32.load offset=0 (local.get $job)) (i32.const 3)))
    (local.set $height (i32.load offset=8 (local.get $job)))
    (local.set $width (i32.load offset=12 (local.get $job)))
    (local.set $kernelHeight (i32.load offset=32 (local.get $job)))
    (local.set $kernelWidth (i32.load offset=36 (local.get $job)))
    (local.set $strideHeight (i32.load offset=40 (local.get $job)))
    (local.set $strideWidth (i32.load offset=44 (local.get $job)))
    (local.set $padTop (i32.load offset=48 (local.get $job)))
    (local.set $padLeft (i32.load offset=52 (local.get $job)))
    (local.set $dilationHeight (i32.load offset=56 (local.get $job)))
    (local.set $dilationWidth (i32.load offset=60 (local.get $job)))
    (local.set $outputHeight (i32.load offset=72 (local.get $job)))
    (local.set $outputWidth (i32.load offset=76 (local.get $job)))
    (local.set $planeCells (i32.mul (local.get $height) (local.get $width)))
    (local.set $outputCells (i32.mul (local.get $outputHeight) (local.get $outputWidth)))
    (local.set $columnStep (i32.shl (local.get $dilationWidth) (i32.const 2)))
    (local.set $x (i32.add (i32.load offset=16 (local.get $job)) (i32.shl (i32.mul (local.get $plane) (local.get $planeCells)) (i32.const 2))))
    (local.set $y (i32.add (i32.load offset=20 (local.get $job)) (i32.shl (i32.mul (local.get $plane) (local.get $outputCells)) (i32.const 2))))
    (local.set $dy (i32.add (i32.load offset=28 (local.get $job)) (i32.shl (i32.mul (local.get $plane) (local.get $outputCells)) (i32.const 2))))
    ;; Field 24: y (forward, planes of the output's size) or dx (backward, of the input's).
    (local.set $output (i32.add (i32.load offset=24 (local.get $job)) (i32.shl (i32.mul (local.get $plane)
      (select (local.get $outputCells) (local.get $planeCells) (local.get $forward))) (i32.const 2))))
    (local.set $dx (local.get $output))
    (local.set $vector (i32.and (i32.eqz (local.get $padLeft))
      (i32.and (i32.eq (local.get $dilationWidth) (i32.const 1)) (i32.le_u (i32.sub (local.get $strideWidth) (i32.const 1)) (i32.const 1)))))
    ;; Lane i of four outputs starts its window i·stride cells along.
    (local.set $laneOffsets (i32x4.mul (i32x4.splat (i32.shl (local.get $strideWidth) (i32.const 2))) (v128.const i32x4 0 1 2 3)))
    (if (i32.eqz (local.get $forward))
      (then (memory.fill (local.get $dx) (i32.const 0) (i32.shl (local.get $planeCells) (i32.const 2)))))
    (block $outputRowsDone
      (loop $outputRows
        (br_if $outputRowsDone (i32.ge_s (local.get $outputRow) (local.get $outputHeight)))
        (local.set $rowStart (i32.sub (i32.mul (local.get $outputRow) (local.get $strideHeight)) (local.get $padTop)))
        (local.set $rows (call $insideTaps (local.get $rowStart) (local.get $kernelHeight) (local.get $dilationHeight) (local.get $height)))
        (local.set $outputColumn (i32.const 0))
        ;; Forward without left padding or dilation at stride 1 or 2: four outputs at
        ;; a time while their windows' loads stay inside the row, each lane taking
        ;; the window's cells in the scalar loop's order by the same rule (greater,
        ;; or NaN), so the results are the same bits.
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.eqz (i32.and (local.get $forward) (local.get $vector))))
            (br_if $vectorsDone (i32.gt_s (i32.add (local.get $outputColumn) (i32.const 4)) (local.get $outputWidth)))
            (br_if $vectorsDone (i32.gt_s (i32.add (i32.add (i32.mul (local.get $outputColumn) (local.get $strideWidth)) (local.get $kernelWidth))
              (i32.sub (i32.shl (local.get $strideWidth) (i32.const 2)) (i32.const 1))) (local.get $width)))
            (local.set $bests (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $kernelRow (i32.shr_u (local.get $rows) (i32.const 16)))
            (block $vectorRowsDone
              (loop $vectorRows
                (br_if $vectorRowsDone (i32.ge_u (local.get $kernelRow) (i32.and (local.get $rows) (i32.const 65535))))
                (local.set $rowAddress (i32.add (local.get $x) (i32.shl (i32.add
                  (i32.mul (i32.add (local.get $rowStart) (i32.mul (local.get $kernelRow) (local.get $dilationHeight))) (local.get $width))
                  (i32.mul (local.get $outputColumn) (local.get $strideWidth))) (i32.const 2))))
                (local.set $kernelColumn (i32.const 0))
                (loop $vectorColumns
                  (local.set $values (v128.load (local.get $rowAddress)))
                  ;; Stride 2: the even cells of eight.
                  (if (i32.eq (local.get $strideWidth) (i32.const 2))
                    (then (local.set $values (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                      (local.get $values) (v128.load offset=16 (local.get $rowAddress))))))
                  (local.set $bests (v128.bitselect (local.get $values) (local.get $bests)
                    (v128.or (f32x4.gt (local.get $values) (local.get $bests)) (f32x4.ne (local.get $values) (local.get $values)))))
                  (local.set $rowAddress (i32.add (local.get $rowAddress) (i32.const 4)))
                  (local.set $kernelColumn (i32.add (local.get $kernelColumn) (i32.const 1)))
                  (br_if $vectorColumns (i32.lt_u (local.get $kernelColumn) (local.get $kernelWidth))))
                (local.set $kernelRow (i32.add (local.get $kernelRow) (i32.const 1)))
                (br $vectorRows)))
            (v128.store (local.get $output) (local.get $bests))
            (local.set $output (i32.add (local.get $output) (i32.const 16)))
            (local.set $outputColumn (i32.add (local.get $outputColumn) (i32.const 4)))
            (br $vectors)))
        ;; Backward, under the same conditions: four outputs at a time find their
        ;; window's first cell equal to y (the scalar loop's pass 0, in its order);
        ;; where one has none (y is NaN) the scalar loop takes these outputs over.
        ;; The gradients are then added in output order, as the scalar loop adds them.
        (block $backwardDone
          (loop $backward
            (br_if $backwardDone (i32.or (local.get $forward) (i32.eqz (local.get $vector))))
            (br_if $backwardDone (i32.gt_s (i32.add (local.get $outputColumn) (i32.const 4)) (local.get $outputWidth)))
            (br_if $backwardDone (i32.gt_s (i32.add (i32.add (i32.mul (local.get $outputColumn) (local.get $strideWidth)) (local.get $kernelWidth))
              (i32.sub (i32.shl (local.get $strideWidth) (i32.const 2)) (i32.const 1))) (local.get $width)))
            (local.set $bests (v128.load (local.get $y)))
            (local.set $found (v128.const i32x4 0 0 0 0))
            (local.set $kernelRow (i32.shr_u (local.get $rows) (i32.const 16)))
            (block $searchRowsDone
              (loop $searchRows
                (br_if $searchRowsDone (i32.ge_u (local.get $kernelRow) (i32.and (local.get $rows) (i32.const 65535))))
                (local.set $rowAddress (i32.add (local.get $x) (i32.shl (i32.add
                  (i32.mul (i32.add (local.get $rowStart) (i32.mul (local.get $kernelRow) (local.get $dilationHeight))) (local.get $width))
                  (i32.mul (local.get $outputColumn) (local.get $strideWidth))) (i32.const 2))))
                (local.set $kernelColumn (i32.const 0))
                (loop $searchColumns
                  (local.set $values (v128.load (local.get $rowAddress)))
                  (if (i32.eq (local.get $strideWidth) (i32.const 2))
                    (then (local.set $values (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                      (local.get $values) (v128.load offset=16 (local.get $rowAddress))))))
                  (local.set $equal (v128.andnot (f32x4.eq (local.get $values) (local.get $bests)) (local.get $found)))
                  (local.set $positions (v128.bitselect (i32x4.add (i32x4.splat (local.get $rowAddress)) (local.get $laneOffsets))
                    (local.get $positions) (local.get $equal)))
                  (local.set $found (v128.or (local.get $found) (local.get $equal)))
                  (local.set $rowAddress (i32.add (local.get $rowAddress) (i32.const 4)))
                  (local.set $kernelColumn (i32.add (local.get $kernelColumn) (i32.const 1)))
                  (br_if $searchColumns (i32.lt_u (local.get $kernelColumn) (local.get $kernelWidth))))
                (local.set $kernelRow (i32.add (local.get $kernelRow) (i32.const 1)))
                (br $searchRows)))
            (br_if $backwardDone (i32.eqz (i32x4.all_true (local.get $found))))
            (call $addGradient (local.get $dx) (local.get $x) (i32x4.extract_lane 0 (local.get $positions)) (local.get $dy))
            (call $addGradient (local.get $dx) (local.get $x) (i32x4.extract_lane 1 (local.get $positions)) (i32.add (local.get $dy) (i32.const 4)))
            (call $addGradient (local.get $dx) (local.get $x) (i32x4.extract_lane 2 (local.get $positions)) (i32.add (local.get $dy) (i32.const 8)))
            (call $addGradient (local.get $dx) (local.get $x) (i32x4.extract_lane 3 (local.get $positions)) (i32.add (local.get $dy) (i32.const 12)))
            (local.set $y (i32.add (local.get $y) (i32.const 16)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $outputColumn (i32.add (local.get $outputColumn) (i32.const 4)))
            (br $backward)))
        (block $outputColumnsDone
          (loop $outputColumns
            (br_if $outputColumnsDone (i32.ge_s (local.get $outputColumn) (local.get $outputWidth)))
            (local.set $columnStart (i32.sub (i32.mul (local.get $outputColumn) (local.get $strideWidth)) (local.get $padLeft)))
            (local.set $columns (call $insideTaps (local.get $columnStart) (local.get $kernelWidth) (local.get $dilationWidth) (local.get $width)))
            (local.set $best (f32.const -inf))
            (local.set $bestAddress (i32.const -1))
            (local.set $target (if (result f32) (local.get $forward) (then (f32.const 0)) (else (f32.load (local.get $y)))))
            ;; Pass 0: forward maximum, or backward first cell equal to y. Pass 1 (backward, none equal): by comparison.
            (local.set $pass (i32.const 0))
            (block $searchDone
              (loop $passes
                (local.set $kernelRow (i32.shr_u (local.get $rows) (i32.const 16)))
                (block $rowsDone
                  (loop $windowRows
                    (br_if $rowsDone (i32.ge_u (local.get $kernelRow) (i32.and (local.get $rows) (i32.const 65535))))
                    (local.set $rowAddress (i32.add (local.get $x) (i32.shl (i32.add
                      (i32.mul (i32.add (local.get $rowStart) (i32.mul (local.get $kernelRow) (local.get $dilationHeight))) (local.get $width))
                      (i32.add (local.get $columnStart) (i32.mul (i32.shr_u (local.get $columns) (i32.const 16)) (local.get $dilationWidth))))
                      (i32.const 2))))
                    (local.set $kernelColumn (i32.shr_u (local.get $columns) (i32.const 16)))
                    (block $columnsDone
                      (loop $windowColumns
                        (br_if $columnsDone (i32.ge_u (local.get $kernelColumn) (i32.and (local.get $columns) (i32.const 65535))))
                        (local.set $value (f32.load (local.get $rowAddress)))
                        (if (local.get $forward)
                          (then
                            (if (i32.or (f32.gt (local.get $value) (local.get $best)) (f32.ne (local.get $value) (local.get $value)))
                              (then (local.set $best (local.get $value)))))
                          (else
                            (if (local.get $pass)
                              (then
                                ;; Strictly greater keeps the first of equal maxima; the first real cell starts the search.
                                (if (i32.or (i32.lt_s (local.get $bestAddress) (i32.const 0)) (f32.gt (local.get $value) (local.get $best)))
                                  (then (local.set $best (local.get $value)) (local.set $bestAddress (local.get $rowAddress)))))
                              (else
                                (if (f32.eq (local.get $value) (local.get $target))
                                  (then (local.set $bestAddress (local.get $rowAddress)) (br $searchDone)))))))
                        (local.set $rowAddress (i32.add (local.get $rowAddress) (local.get $columnStep)))
                        (local.set $kernelColumn (i32.add (local.get $kernelColumn) (i32.const 1)))
                        (br $windowColumns)))
                    (local.set $kernelRow (i32.add (local.get $kernelRow) (i32.const 1)))
                    (br $windowRows)))
                (br_if $searchDone (i32.or (local.get $forward) (local.get $pass)))
                (local.set $pass (i32.const 1))
                (br $passes)))
            (if (local.get $forward)
              (then (f32.store (local.get $output) (local.get $best)))
              (else
                (if (i32.ge_s (local.get $bestAddress) (i32.const 0))
                  (then
                    ;; The same offset in dx as the maximum's in x.
                    (local.set $address (i32.add (local.get $dx) (i32.sub (local.get $bestAddress) (local.get $x))))
                    (f32.store (local.get $address) (f32.add (f32.load (local.get $address)) (f32.load (local.get $dy))))))))
            (local.set $output (i32.add (local.get $output) (select (i32.const 4) (i32.const 0) (local.get $forward))))
            (local.set $y (i32.add (local.get $y) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $outputColumn (i32.add (local.get $outputColumn) (i32.const 1)))
            (br $outputColumns)))
        (local.set $outputRow (i32.add (local.get $outputRow) (i32.const 1)))
        (br $outputRows))))

  ;; $count floats from $source to $target, 4 at a time, then one by one. Rows
  ;; are short here (6 to 55 values), where memory.copy's call costs more than it copies.
  (func $copyFloats (param $target i32) (param $source i32) (param $count i32)
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.lt_s (local.get $count) (i32.const 4)))
        (v128.store (local.get $target) (v128.load (local.get $source)))
        (local.set $target (i32.add (local.get $target) (i32.const 16)))
        (local.set $source (i32.add (local.get $source) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $vectors)))
    (block $done
      (loop $floats
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (f32.store (local.get $target) (f32.load (local.get $source)))
        (local.set $target (i32.add (local.get $target) (i32.const 4)))
        (local.set $source (i32.add (local.get $source) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $floats))))

  ;; $count zeros from $target (short rows: see $copyFloats).
  (func $zeroFloats (param $target i32) (param $count i32)
    (block $done
      (loop $floats
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (f32.store (local.get $target) (f32.const 0))
        (local.set $target (i32.add (local.get $target) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $floats))))

  ;; im2col of one image's channel where the stride and dilation are 1 and the
  ;; outputs are as wide as the input (padding that keeps the size: every
  ;; AlexNet convolution but conv1): a tap's output rows that read inside the
  ;; plane are one contiguous stretch of it, shifted by the tap's column. Copied
  ;; whole, then the columns that fell into the padding and the rows above and
  ;; below are cleared — the same values as the general loop, in far fewer calls.
  (func $unfoldSame (param $plane i32) (param $row i32) (param $rowBytes i32) (param $height i32) (param $width i32)
    (param $outputHeight i32) (param $kernelHeight i32) (param $kernelWidth i32) (param $padTop i32) (param $padLeft i32)
    (local $kernelRow i32) (local $kernelColumn i32) (local $shift i32) (local $first i32) (local $end i32)
    (local $from i32) (local $to i32) (local $count i32) (local $outputRow i32) (local $target i32) (local $edge i32)
    (local $widthBytes i32) (local $planeBytes i32)
    (local.set $widthBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $height) (local.get $widthBytes)))
    (loop $kernelRows
      ;; Output rows [first, end) read input rows inside the plane.
      (local.set $first (i32.sub (local.get $padTop) (local.get $kernelRow)))
      (if (i32.lt_s (local.get $first) (i32.const 0)) (then (local.set $first (i32.const 0))))
      (if (i32.gt_s (local.get $first) (local.get $outputHeight)) (then (local.set $first (local.get $outputHeight))))
      (local.set $end (i32.sub (i32.add (local.get $height) (local.get $padTop)) (local.get $kernelRow)))
      (if (i32.gt_s (local.get $end) (local.get $outputHeight)) (then (local.set $end (local.get $outputHeight))))
      (if (i32.lt_s (local.get $end) (local.get $first)) (then (local.set $end (local.get $first))))
      (local.set $kernelColumn (i32.const 0))
      (loop $kernelColumns
        (local.set $shift (i32.sub (local.get $kernelColumn) (local.get $padLeft)))
        (memory.fill (local.get $row) (i32.const 0) (i32.mul (local.get $first) (local.get $widthBytes)))
        (memory.fill (i32.add (local.get $row) (i32.mul (local.get $end) (local.get $widthBytes))) (i32.const 0)
          (i32.mul (i32.sub (local.get $outputHeight) (local.get $end)) (local.get $widthBytes)))
        ;; Output (first, 0) reads input (first + kernelRow − padTop, shift): the stretch, clipped to the plane.
        (local.set $from (i32.add (i32.mul (i32.sub (i32.add (local.get $first) (local.get $kernelRow)) (local.get $padTop)) (local.get $widthBytes))
          (i32.shl (local.get $shift) (i32.const 2))))
        (local.set $to (i32.add (local.get $row) (i32.mul (local.get $first) (local.get $widthBytes))))
        (local.set $count (i32.mul (i32.sub (local.get $end) (local.get $first)) (local.get $widthBytes)))
        (if (i32.lt_s (local.get $from) (i32.const 0))
          (then
            (local.set $to (i32.sub (local.get $to) (local.get $from)))
            (local.set $count (i32.add (local.get $count) (local.get $from)))
            (local.set $from (i32.const 0))))
        (if (i32.gt_s (i32.add (local.get $from) (local.get $count)) (local.get $planeBytes))
          (then (local.set $count (i32.sub (local.get $planeBytes) (local.get $from)))))
        (if (i32.gt_s (local.get $count) (i32.const 0))
          (then (memory.copy (local.get $to) (i32.add (local.get $plane) (local.get $from)) (local.get $count))))
        ;; The first −shift or the last shift columns of each row inside read padding.
        (local.set $edge (select (i32.sub (i32.const 0) (local.get $shift)) (local.get $shift) (i32.lt_s (local.get $shift) (i32.const 0))))
        (if (i32.gt_s (local.get $edge) (local.get $width)) (then (local.set $edge (local.get $width))))
        (local.set $target (i32.add (local.get $row) (i32.mul (local.get $first) (local.get $widthBytes))))
        (if (i32.gt_s (local.get $shift) (i32.const 0))
          (then (local.set $target (i32.add (local.get $target) (i32.shl (i32.sub (local.get $width) (local.get $edge)) (i32.const 2))))))
        (local.set $outputRow (local.get $first))
        (block $edgesDone
          (loop $edges
            (br_if $edgesDone (i32.or (i32.eqz (local.get $edge)) (i32.ge_s (local.get $outputRow) (local.get $end))))
            (call $zeroFloats (local.get $target) (local.get $edge))
            (local.set $target (i32.add (local.get $target) (local.get $widthBytes)))
            (local.set $outputRow (i32.add (local.get $outputRow) (i32.const 1)))
            (br $edges)))
        (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $kernelColumn (i32.add (local.get $kernelColumn) (i32.const 1)))
        (br_if $kernelColumns (i32.lt_s (local.get $kernelColumn) (local.get $kernelWidth))))
      (local.set $kernelRow (i32.add (local.get $kernelRow) (i32.const 1)))
      (br_if $kernelRows (i32.lt_s (local.get $kernelRow) (local.get $kernelHeight)))))

  ;; $count floats of $source added onto $target, 4 at a time, then one by one (col2im at stride 1).
  (func $addFloats (param $target i32) (param $source i32) (param $count i32)
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.lt_s (local.get $count) (i32.const 4)))
        (v128.store (local.get $target) (f32x4.add (v128.load (local.get $target)) (v128.load (local.get $source))))
        (local.set $target (i32.add (local.get $target) (i32.const 16)))
        (local.set $source (i32.add (local.get $source) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $vectors)))
    (block $done
      (loop $floats
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (f32.store (local.get $target) (f32.add (f32.load (local.get $target)) (f32.load (local.get $source))))
        (local.set $target (i32.add (local.get $target) (i32.const 4)))
        (local.set $source (i32.add (local.get $source) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $floats))))

  ;; im2col (op 5) or col2im (op 6) of one image's channel: the column matrix's
  ;; rows (c, kh, kw) hold what each filter tap sees at every output position of
  ;; the image (its positions sit at image·Ho·Wo of each row); im2col writes
  ;; them (padding as 0), col2im adds them back onto the cells they came from.
  ;; Tasks write disjoint memory: their own rows, or their own input plane.
  (func $unfoldChannel (param $job i32) (param $task i32)
    (local $unfold i32) (local $channels i32) (local $image i32) (local $channel i32)
    (local $height i32) (local $width i32) (local $kernelHeight i32) (local $kernelWidth i32)
    (local $strideHeight i32) (local $strideWidth i32) (local $padTop i32) (local $padLeft i32)
    (local $dilationHeight i32) (local $dilationWidth i32) (local $outputHeight i32) (local $outputWidth i32)
    (local $plane i32) (local $rowBytes i32) (local $row i32) (local $kernelRow i32) (local $kernelColumn i32)
    (local $shift i32) (local $first i32) (local $end i32) (local $outputRow i32) (local $inputRow i32)
    (local $target i32) (local $source i32) (local $column i32) (local $address i32)
    (local.set $unfold (i32.eq (i32.load offset=0 (local.get $job)) (i32.const 5)))
    (local.set $channels (i32.load offset=64 (local.get $job)))
    (local.set $image (i32.div_u (local.get $task) (local.get $channels)))
    (local.set $channel (i32.rem_u (local.get $task) (local.get $channels)))
    (local.set $height (i32.load offset=8 (local.get $job)))
    (local.set $width (i32.load offset=12 (local.get $job)))
    (local.set $kernelHeight (i32.load offset=32 (local.get $job)))
    (local.set $kernelWidth (i32.load offset=36 (local.get $job)))
    (local.set $strideHeight (i32.load offset=40 (local.get $job)))
    (local.set $strideWidth (i32.load offset=44 (local.get $job)))
    (local.set $padTop (i32.load offset=48 (local.get $job)))
    (local.set $padLeft (i32.load offset=52 (local.get $job)))
    (local.set $dilationHeight (i32.load offset=56 (local.get $job)))
    (local.set $dilationWidth (i32.load offset=60 (local.get $job)))
    (local.set $outputHeight (i32.load offset=72 (local.get $job)))
    (local.set $outputWidth (i32.load offset=76 (local.get $job)))
    (local.set $plane (i32.add (i32.add (i32.load offset=16 (local.get $job))
      (i32.mul (local.get $image) (i32.load offset=20 (local.get $job))))
      (i32.shl (i32.mul (local.get $channel) (i32.mul (local.get $height) (local.get $width))) (i32.const 2))))
    (local.set $rowBytes (i32.shl (i32.load offset=28 (local.get $job)) (i32.const 2)))
    ;; This channel's first row, at this image's positions.
    (local.set $row (i32.add (i32.load offset=24 (local.get $job)) (i32.add
      (i32.mul (i32.mul (local.get $channel) (i32.mul (local.get $kernelHeight) (local.get $kernelWidth))) (local.get $rowBytes))
      (i32.shl (i32.mul (local.get $image) (i32.mul (local.get $outputHeight) (local.get $outputWidth))) (i32.const 2)))))
    (if (i32.and (local.get $unfold) (i32.and (i32.eq (local.get $outputWidth) (local.get $width))
          ;; Strides and dilations are ≥ 1: their OR is 1 only when all four are.
          (i32.eq (i32.or (i32.or (local.get $strideHeight) (local.get $strideWidth)) (i32.or (local.get $dilationHeight) (local.get $dilationWidth))) (i32.const 1))))
      (then
        (call $unfoldSame (local.get $plane) (local.get $row) (local.get $rowBytes) (local.get $height) (local.get $width)
          (local.get $outputHeight) (local.get $kernelHeight) (local.get $kernelWidth) (local.get $padTop) (local.get $padLeft))
        (return)))
    (local.set $kernelRow (i32.const 0))
    (loop $kernelRows
      (local.set $kernelColumn (i32.const 0))
      (loop $kernelColumns
        (local.set $shift (i32.sub (i32.mul (local.get $kernelColumn) (local.get $dilationWidth)) (local.get $padLeft)))
        ;; Output columns [first, end) read inside the input row; the rest read padding.
        (local.set $first (i32.const 0))
        (if (i32.lt_s (local.get $shift) (i32.const 0))
          (then (local.set $first (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $shift)) (i32.sub (local.get $strideWidth) (i32.const 1))) (local.get $strideWidth)))))
        (if (i32.gt_s (local.get $first) (local.get $outputWidth)) (then (local.set $first (local.get $outputWidth))))
        (local.set $end (i32.const 0))
        (if (i32.ge_s (i32.sub (i32.sub (local.get $width) (i32.const 1)) (local.get $shift)) (i32.const 0))
          (then (local.set $end (i32.add (i32.div_u (i32.sub (i32.sub (local.get $width) (i32.const 1)) (local.get $shift)) (local.get $strideWidth)) (i32.const 1)))))
        (if (i32.gt_s (local.get $end) (local.get $outputWidth)) (then (local.set $end (local.get $outputWidth))))
        (if (i32.lt_s (local.get $end) (local.get $first)) (then (local.set $end (local.get $first))))
        (local.set $target (local.get $row))
        (local.set $outputRow (i32.const 0))
        (loop $outputRows
          (local.set $inputRow (i32.add (i32.sub (i32.mul (local.get $outputRow) (local.get $strideHeight)) (local.get $padTop))
            (i32.mul (local.get $kernelRow) (local.get $dilationHeight))))
          (if (i32.or (i32.lt_s (local.get $inputRow) (i32.const 0)) (i32.ge_s (local.get $inputRow) (local.get $height)))
            (then
              (if (local.get $unfold)
                (then (call $zeroFloats (local.get $target) (local.get $outputWidth)))))
            (else
              (local.set $source (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $inputRow) (local.get $width)) (local.get $shift)) (i32.const 2))))
              (if (local.get $unfold)
                (then
                  (call $zeroFloats (local.get $target) (local.get $first))
                  (if (i32.eq (local.get $strideWidth) (i32.const 1))
                    (then
                      (call $copyFloats (i32.add (local.get $target) (i32.shl (local.get $first) (i32.const 2)))
                        (i32.add (local.get $source) (i32.shl (local.get $first) (i32.const 2)))
                        (i32.sub (local.get $end) (local.get $first))))
                    (else
                      (local.set $column (local.get $first))
                      (block $copied
                        (loop $copy
                          (br_if $copied (i32.ge_s (local.get $column) (local.get $end)))
                          (f32.store (i32.add (local.get $target) (i32.shl (local.get $column) (i32.const 2)))
                            (f32.load (i32.add (local.get $source) (i32.shl (i32.mul (local.get $column) (local.get $strideWidth)) (i32.const 2)))))
                          (local.set $column (i32.add (local.get $column) (i32.const 1)))
                          (br $copy)))))
                  (call $zeroFloats (i32.add (local.get $target) (i32.shl (local.get $end) (i32.const 2)))
                    (i32.sub (local.get $outputWidth) (local.get $end))))
                (else (if (i32.eq (local.get $strideWidth) (i32.const 1))
                  (then
                    (call $addFloats (i32.add (local.get $source) (i32.shl (local.get $first) (i32.const 2)))
                      (i32.add (local.get $target) (i32.shl (local.get $first) (i32.const 2))) (i32.sub (local.get $end) (local.get $first))))
                  (else
                    (local.set $column (local.get $first))
                    (block $added
                      (loop $add
                        (br_if $added (i32.ge_s (local.get $column) (local.get $end)))
                        (local.set $address (i32.add (local.get $source) (i32.shl (i32.mul (local.get $column) (local.get $strideWidth)) (i32.const 2))))
                        (f32.store (local.get $address) (f32.add (f32.load (local.get $address))
                          (f32.load (i32.add (local.get $target) (i32.shl (local.get $column) (i32.const 2))))))
                        (local.set $column (i32.add (local.get $column) (i32.const 1)))
                        (br $add)))))))))
          (local.set $target (i32.add (local.get $target) (i32.shl (local.get $outputWidth) (i32.const 2))))
          (local.set $outputRow (i32.add (local.get $outputRow) (i32.const 1)))
          (br_if $outputRows (i32.lt_s (local.get $outputRow) (local.get $outputHeight))))
        (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $kernelColumn (i32.add (local.get $kernelColumn) (i32.const 1)))
        (br_if $kernelColumns (i32.lt_s (local.get $kernelColumn) (local.get $kernelWidth))))
      (local.set $kernelRow (i32.add (local.get $kernelRow) (i32.const 1)))
      (br_if $kernelRows (i32.lt_s (local.get $kernelRow) (local.get $kernelHeight)))))

  ;; Runs the job's tasks until none are left: one image each for LRN, one
  ;; channel plane each for pooling; $scratch is this thread's buffer (LRN
  ;; backward: 2·channels·plane floats).
  (func (export "run") (param $job i32) (param $scratch i32)
    (local $task i32) (local $imageBytes i32) (local $offset i32)
    (local $channels i32) (local $plane i32) (local $below i32) (local $above i32)
    (local $k v128) (local $alpha v128) (local $factor v128)
    (if (i32.ge_u (i32.load offset=0 (local.get $job)) (i32.const 3))
      (then
        (block $planesDone
          (loop $planes
            (local.set $task (i32.atomic.rmw.add offset=68 (local.get $job) (i32.const 1)))
            (br_if $planesDone (i32.ge_u (local.get $task) (i32.load offset=4 (local.get $job))))
            (if (i32.ge_u (i32.load offset=0 (local.get $job)) (i32.const 5))
              (then (call $unfoldChannel (local.get $job) (local.get $task)))
              (else (call $poolPlane (local.get $job) (local.get $task))))
            (br $planes)))
        (return)))
    (local.set $channels (i32.load offset=8 (local.get $job)))
    (local.set $plane (i32.load offset=12 (local.get $job)))
    (local.set $below (i32.load offset=28 (local.get $job)))
    (local.set $above (i32.load offset=32 (local.get $job)))
    (local.set $k (f32x4.splat (f32.load offset=36 (local.get $job))))
    (local.set $alpha (f32x4.splat (f32.load offset=40 (local.get $job))))
    (local.set $factor (f32x4.splat (f32.load offset=44 (local.get $job))))
    (local.set $imageBytes (i32.shl (i32.mul (local.get $channels) (local.get $plane)) (i32.const 2)))
    (block $tasksDone
      (loop $tasks
        (local.set $task (i32.atomic.rmw.add offset=68 (local.get $job) (i32.const 1)))
        (br_if $tasksDone (i32.ge_u (local.get $task) (i32.load offset=4 (local.get $job))))
        (local.set $offset (i32.mul (local.get $task) (local.get $imageBytes)))
        (if (i32.eq (i32.load offset=0 (local.get $job)) (i32.const 1))
          (then
            (call $forwardImage
              (i32.add (i32.load offset=16 (local.get $job)) (local.get $offset))
              (i32.add (i32.load offset=24 (local.get $job)) (local.get $offset))
              (local.get $channels) (local.get $plane) (local.get $below) (local.get $above) (local.get $k) (local.get $alpha)))
          (else
            (call $backwardImage
              (i32.add (i32.load offset=16 (local.get $job)) (local.get $offset))
              (i32.add (i32.load offset=20 (local.get $job)) (local.get $offset))
              (i32.add (i32.load offset=24 (local.get $job)) (local.get $offset))
              (local.get $channels) (local.get $plane) (local.get $below) (local.get $above)
              (local.get $k) (local.get $alpha) (local.get $factor) (local.get $scratch))))
        (br $tasks))))
)
