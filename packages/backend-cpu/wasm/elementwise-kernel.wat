;; WebAssembly kernels for the CPU backend's streaming ops between the matrix
;; multiplies — the convolution's chunk copies with the bias + ReLU epilogue,
;; the ReLU gradient, per-channel sums (bias gradients), the SGD update and
;; batch normalization in training — on the caller and the gemm's worker
;; threads over the same shared memory. Each does the same arithmetic in the
;; same order as the TypeScript loop it stands in for (f64 where TypeScript
;; computes in doubles), so results are bit-identical. Its own module:
;; ops-kernel.wat is near the 4 KiB a page may compile synchronously.
;;
;; Assembled with the other kernels by scripts/build-wasm.mjs. Job fields (i32
;; at byte offset from $job, the gemm's job address; 68 is the atomic next-task
;; counter, as in every job):
;; Op 1, planes (task: one row r of every image): 4 rows, 8 images, 12 floats
;;   per row and image, 16 source, 20 source bytes between rows, 24 between
;;   images, 28 target, 32 target bytes between rows, 36 between images,
;;   40 bias (0: none; bias[r] is added), 44 ReLU (0 or 1).
;; Op 2, ReLU gradient dx = y > 0 ? dy : 0 on the bit patterns (task: a block):
;;   4 tasks, 8 values, 12 values per task (a multiple of 4), 16 y, 20 dy, 24 dx.
;; Op 3, channel sums out[c] = scale·Σ_i Σ_p x[i, c, p] in f64, images then
;;   positions in order (task: a channel): 4 channels, 8 images, 12 positions,
;;   16 x, 20 out, 80 scale (f64).
;; Op 4, SGD (task: a block): 4 tasks, 8 values, 12 values per task (a multiple
;;   of 4), 16 p, 20 g, 24 v, 28 new p, 32 new v, 80 momentum, 88 learning
;;   rate, 96 weight decay (f64): v' = momentum·v + g + decay·p; p' = p − rate·v'.
;; Ops 5 and 6, batch normalization in training, forward and backward, over
;;   [images, channels, positions] (task: a channel): 4 channels, 8 images,
;;   12 positions, 80 ε (f64); op 5: 16 x, 20 y, 24 mean, 28 variance (out),
;;   32 weight, 36 bias; op 6: 16 x, 20 dy, 24 dx, 28 mean, 32 variance,
;;   36 weight, 40 dweight, 44 dbias (out).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Copies $count floats from $source to $target, adding $shift when $add and
  ;; applying ReLU when $relu. Skipping a zero bias keeps −0 as TypeScript does.
  (func $copyRow (param $target i32) (param $source i32) (param $count i32) (param $add i32) (param $shift f32) (param $relu i32)
    (local $value v128) (local $scalar i32) (local $shifts v128)
    (local.set $shifts (f32x4.splat (local.get $shift)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.lt_s (local.get $count) (i32.const 4)))
        (local.set $value (v128.load (local.get $source)))
        (if (local.get $add) (then (local.set $value (f32x4.add (local.get $value) (local.get $shifts)))))
        (if (local.get $relu) (then (local.set $value (v128.andnot (local.get $value) (i32x4.shr_s (local.get $value) (i32.const 31))))))
        (v128.store (local.get $target) (local.get $value))
        (local.set $target (i32.add (local.get $target) (i32.const 16)))
        (local.set $source (i32.add (local.get $source) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $vectors)))
    (block $done
      (loop $floats
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (local.set $scalar (i32.load (local.get $source)))
        (if (local.get $add)
          (then (local.set $scalar (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get $scalar)) (local.get $shift))))))
        (if (local.get $relu)
          (then (local.set $scalar (i32.and (local.get $scalar) (i32.xor (i32.shr_s (local.get $scalar) (i32.const 31)) (i32.const -1))))))
        (i32.store (local.get $target) (local.get $scalar))
        (local.set $target (i32.add (local.get $target) (i32.const 4)))
        (local.set $source (i32.add (local.get $source) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $floats))))

  ;; Op 1 for row $row: every image's stretch of it.
  (func $planesRow (param $job i32) (param $row i32)
    (local $image i32) (local $source i32) (local $target i32) (local $shift f32) (local $add i32)
    (local.set $source (i32.add (i32.load offset=16 (local.get $job)) (i32.mul (local.get $row) (i32.load offset=20 (local.get $job)))))
    (local.set $target (i32.add (i32.load offset=28 (local.get $job)) (i32.mul (local.get $row) (i32.load offset=32 (local.get $job)))))
    (if (i32.load offset=40 (local.get $job))
      (then
        (local.set $shift (f32.load (i32.add (i32.load offset=40 (local.get $job)) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $add (f32.ne (local.get $shift) (f32.const 0)))))
    (block $done
      (loop $images
        (br_if $done (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (call $copyRow (local.get $target) (local.get $source) (i32.load offset=12 (local.get $job))
          (local.get $add) (local.get $shift) (i32.load offset=44 (local.get $job)))
        (local.set $source (i32.add (local.get $source) (i32.load offset=24 (local.get $job))))
        (local.set $target (i32.add (local.get $target) (i32.load offset=36 (local.get $job))))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $images))))

  ;; Where task $task's block of values starts, and how many values it holds (the last block may be short).
  (func $blockStart (param $job i32) (param $task i32) (result i32)
    (i32.mul (local.get $task) (i32.load offset=12 (local.get $job))))
  (func $blockCount (param $job i32) (param $task i32) (result i32)
    (local $left i32)
    (local.set $left (i32.sub (i32.load offset=8 (local.get $job)) (call $blockStart (local.get $job) (local.get $task))))
    (select (i32.load offset=12 (local.get $job)) (local.get $left) (i32.gt_u (local.get $left) (i32.load offset=12 (local.get $job)))))

  ;; Op 2 for one block: dx = dy & (((−y) & ~y) >> 31), −1 exactly where y > 0 (or a positive NaN).
  (func $reluGradientBlock (param $job i32) (param $task i32)
    (local $offset i32) (local $count i32) (local $y i32) (local $dy i32) (local $dx i32) (local $bits i32) (local $vector v128)
    (local.set $offset (i32.shl (call $blockStart (local.get $job) (local.get $task)) (i32.const 2)))
    (local.set $count (call $blockCount (local.get $job) (local.get $task)))
    (local.set $y (i32.add (i32.load offset=16 (local.get $job)) (local.get $offset)))
    (local.set $dy (i32.add (i32.load offset=20 (local.get $job)) (local.get $offset)))
    (local.set $dx (i32.add (i32.load offset=24 (local.get $job)) (local.get $offset)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.lt_s (local.get $count) (i32.const 4)))
        (local.set $vector (v128.load (local.get $y)))
        (v128.store (local.get $dx) (v128.and (v128.load (local.get $dy))
          (i32x4.shr_s (v128.andnot (i32x4.neg (local.get $vector)) (local.get $vector)) (i32.const 31))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $vectors)))
    (block $done
      (loop $floats
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (local.set $bits (i32.load (local.get $y)))
        (i32.store (local.get $dx) (i32.and (i32.load (local.get $dy))
          (i32.shr_s (i32.and (i32.sub (i32.const 0) (local.get $bits)) (i32.xor (local.get $bits) (i32.const -1))) (i32.const 31))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $floats))))

  ;; Op 3 for channel $channel: one f64 sum, in TypeScript's order.
  (func $channelSum (param $job i32) (param $channel i32)
    (local $image i32) (local $address i32) (local $end i32) (local $sum f64) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (i32.load offset=12 (local.get $job)) (i32.const 2)))
    (local.set $address (i32.add (i32.load offset=16 (local.get $job)) (i32.mul (local.get $channel) (local.get $rowBytes))))
    (block $imagesDone
      (loop $images
        (br_if $imagesDone (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (local.set $end (i32.add (local.get $address) (local.get $rowBytes)))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $address) (local.get $end)))
            (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (f32.load (local.get $address)))))
            (local.set $address (i32.add (local.get $address) (i32.const 4)))
            (br $row)))
        ;; On to the same channel of the next image: past the other channels' rows.
        (local.set $address (i32.add (local.get $address)
          (i32.mul (i32.sub (i32.load offset=4 (local.get $job)) (i32.const 1)) (local.get $rowBytes))))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $images)))
    (f32.store (i32.add (i32.load offset=20 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2)))
      (f32.demote_f64 (f64.mul (local.get $sum) (f64.load offset=80 (local.get $job))))))

  ;; Op 4 for one block, two values at a time in f64x2 lanes: each step as
  ;; TypeScript computes it, in doubles, the new velocity rounded to f32 before
  ;; the new parameter reads it back.
  (func $sgdBlock (param $job i32) (param $task i32)
    (local $offset i32) (local $count i32) (local $momentum v128) (local $rate v128) (local $decay v128)
    (local $p v128) (local $step v128) (local $parameter f64) (local $velocity f32)
    (local.set $offset (i32.shl (call $blockStart (local.get $job) (local.get $task)) (i32.const 2)))
    (local.set $count (call $blockCount (local.get $job) (local.get $task)))
    (local.set $momentum (f64x2.splat (f64.load offset=80 (local.get $job))))
    (local.set $rate (f64x2.splat (f64.load offset=88 (local.get $job))))
    (local.set $decay (f64x2.splat (f64.load offset=96 (local.get $job))))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.lt_s (local.get $count) (i32.const 2)))
        (local.set $p (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.load offset=16 (local.get $job)) (local.get $offset)))))
        (local.set $step (f32x4.demote_f64x2_zero
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $momentum) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.load offset=24 (local.get $job)) (local.get $offset)))))
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.load offset=20 (local.get $job)) (local.get $offset)))))
            (f64x2.mul (local.get $decay) (local.get $p)))))
        (v128.store64_lane 0 (i32.add (i32.load offset=32 (local.get $job)) (local.get $offset)) (local.get $step))
        (v128.store64_lane 0 (i32.add (i32.load offset=28 (local.get $job)) (local.get $offset))
          (f32x4.demote_f64x2_zero (f64x2.sub (local.get $p) (f64x2.mul (local.get $rate) (f64x2.promote_low_f32x4 (local.get $step))))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 8)))
        (local.set $count (i32.sub (local.get $count) (i32.const 2)))
        (br $pairs)))
    ;; An odd last value, in scalar doubles.
    (if (local.get $count)
      (then
        (local.set $parameter (f64.promote_f32 (f32.load (i32.add (i32.load offset=16 (local.get $job)) (local.get $offset)))))
        (local.set $velocity (f32.demote_f64
          (f64.add
            (f64.add
              (f64.mul (f64.load offset=80 (local.get $job)) (f64.promote_f32 (f32.load (i32.add (i32.load offset=24 (local.get $job)) (local.get $offset)))))
              (f64.promote_f32 (f32.load (i32.add (i32.load offset=20 (local.get $job)) (local.get $offset)))))
            (f64.mul (f64.load offset=96 (local.get $job)) (local.get $parameter)))))
        (f32.store (i32.add (i32.load offset=32 (local.get $job)) (local.get $offset)) (local.get $velocity))
        (f32.store (i32.add (i32.load offset=28 (local.get $job)) (local.get $offset))
          (f32.demote_f64 (f64.sub (local.get $parameter) (f64.mul (f64.load offset=88 (local.get $job)) (f64.promote_f32 (local.get $velocity)))))))))

  ;; Ops 5 and 6 walk one channel of [images, channels, positions]: the first
  ;; position of image 0, and the bytes from the end of one image's row to the
  ;; start of the next.
  (func $channelStart (param $job i32) (param $array i32) (param $channel i32) (result i32)
    (i32.add (local.get $array) (i32.shl (i32.mul (local.get $channel) (i32.load offset=12 (local.get $job))) (i32.const 2))))
  (func $imageGap (param $job i32) (result i32)
    (i32.shl (i32.mul (i32.sub (i32.load offset=4 (local.get $job)) (i32.const 1)) (i32.load offset=12 (local.get $job))) (i32.const 2)))

  ;; Op 5, batch normalization in training for channel $channel, as
  ;; batch-norm2d-training.ts computes it (f64 sums, two passes): the batch's
  ;; mean and biased variance, then y = x·scale + shift.
  (func $batchNormForward (param $job i32) (param $channel i32)
    (local $x i32) (local $y i32) (local $image i32) (local $end i32) (local $gap i32)
    (local $sum f64) (local $squares f64) (local $centred f64) (local $mean f64) (local $variance f64) (local $count f64)
    (local $scale f64) (local $shift f64)
    (local.set $gap (call $imageGap (local.get $job)))
    (local.set $count (f64.convert_i32_u (i32.mul (i32.load offset=8 (local.get $job)) (i32.load offset=12 (local.get $job)))))
    ;; Pass 1: the sum.
    (local.set $x (call $channelStart (local.get $job) (i32.load offset=16 (local.get $job)) (local.get $channel)))
    (local.set $image (i32.const 0))
    (block $sumDone
      (loop $sumImages
        (br_if $sumDone (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $job)) (i32.const 2))))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (f32.load (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $gap)))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $sumImages)))
    (local.set $mean (f64.div (local.get $sum) (local.get $count)))
    ;; Pass 2: the squares about the mean.
    (local.set $x (call $channelStart (local.get $job) (i32.load offset=16 (local.get $job)) (local.get $channel)))
    (local.set $image (i32.const 0))
    (block $squaresDone
      (loop $squaresImages
        (br_if $squaresDone (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $job)) (i32.const 2))))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $centred (f64.sub (f64.promote_f32 (f32.load (local.get $x))) (local.get $mean)))
            (local.set $squares (f64.add (local.get $squares) (f64.mul (local.get $centred) (local.get $centred))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $gap)))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $squaresImages)))
    (local.set $variance (f64.div (local.get $squares) (local.get $count)))
    (f32.store (i32.add (i32.load offset=24 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2))) (f32.demote_f64 (local.get $mean)))
    (f32.store (i32.add (i32.load offset=28 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2))) (f32.demote_f64 (local.get $variance)))
    (local.set $scale (f64.div (f64.promote_f32 (f32.load (i32.add (i32.load offset=32 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2)))))
      (f64.sqrt (f64.add (local.get $variance) (f64.load offset=80 (local.get $job))))))
    (local.set $shift (f64.sub (f64.promote_f32 (f32.load (i32.add (i32.load offset=36 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2)))))
      (f64.mul (local.get $mean) (local.get $scale))))
    ;; Pass 3: y.
    (local.set $x (call $channelStart (local.get $job) (i32.load offset=16 (local.get $job)) (local.get $channel)))
    (local.set $y (call $channelStart (local.get $job) (i32.load offset=20 (local.get $job)) (local.get $channel)))
    (local.set $image (i32.const 0))
    (block $writeDone
      (loop $writeImages
        (br_if $writeDone (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $job)) (i32.const 2))))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $x) (local.get $end)))
            (f32.store (local.get $y) (f32.demote_f64 (f64.add (f64.mul (f64.promote_f32 (f32.load (local.get $x))) (local.get $scale)) (local.get $shift))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $y (i32.add (local.get $y) (i32.const 4)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $gap)))
        (local.set $y (i32.add (local.get $y) (local.get $gap)))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $writeImages))))

  ;; Op 6, the gradients of op 5 for channel $channel, as batch-norm2d-backward.ts
  ;; computes them: Σ dy and Σ dy·(x − mean) in f64, then
  ;; dx = weight/√(variance + ε) · (dy − Σdy/M − x̂·Σdy·x̂/M).
  (func $batchNormBackward (param $job i32) (param $channel i32)
    (local $x i32) (local $dy i32) (local $dx i32) (local $image i32) (local $end i32) (local $gap i32)
    (local $mean f64) (local $inverseDeviation f64) (local $sumDy f64) (local $sumDyCentred f64) (local $gradient f64)
    (local $normalizedSum f64) (local $scale f64) (local $meanDy f64) (local $meanNormalized f64) (local $count f64)
    (local.set $gap (call $imageGap (local.get $job)))
    (local.set $count (f64.convert_i32_u (i32.mul (i32.load offset=8 (local.get $job)) (i32.load offset=12 (local.get $job)))))
    (local.set $mean (f64.promote_f32 (f32.load (i32.add (i32.load offset=28 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2))))))
    (local.set $inverseDeviation (f64.div (f64.const 1) (f64.sqrt (f64.add
      (f64.promote_f32 (f32.load (i32.add (i32.load offset=32 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2)))))
      (f64.load offset=80 (local.get $job))))))
    (local.set $x (call $channelStart (local.get $job) (i32.load offset=16 (local.get $job)) (local.get $channel)))
    (local.set $dy (call $channelStart (local.get $job) (i32.load offset=20 (local.get $job)) (local.get $channel)))
    (block $sumsDone
      (loop $sumsImages
        (br_if $sumsDone (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $job)) (i32.const 2))))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $gradient (f64.promote_f32 (f32.load (local.get $dy))))
            (local.set $sumDy (f64.add (local.get $sumDy) (local.get $gradient)))
            (local.set $sumDyCentred (f64.add (local.get $sumDyCentred)
              (f64.mul (local.get $gradient) (f64.sub (f64.promote_f32 (f32.load (local.get $x))) (local.get $mean)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $gap)))
        (local.set $dy (i32.add (local.get $dy) (local.get $gap)))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $sumsImages)))
    (local.set $normalizedSum (f64.mul (local.get $sumDyCentred) (local.get $inverseDeviation)))
    (f32.store (i32.add (i32.load offset=44 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2))) (f32.demote_f64 (local.get $sumDy)))
    (f32.store (i32.add (i32.load offset=40 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2))) (f32.demote_f64 (local.get $normalizedSum)))
    (local.set $scale (f64.mul (f64.promote_f32 (f32.load (i32.add (i32.load offset=36 (local.get $job)) (i32.shl (local.get $channel) (i32.const 2)))))
      (local.get $inverseDeviation)))
    (local.set $meanDy (f64.div (local.get $sumDy) (local.get $count)))
    (local.set $meanNormalized (f64.div (local.get $normalizedSum) (local.get $count)))
    (local.set $x (call $channelStart (local.get $job) (i32.load offset=16 (local.get $job)) (local.get $channel)))
    (local.set $dy (call $channelStart (local.get $job) (i32.load offset=20 (local.get $job)) (local.get $channel)))
    (local.set $dx (call $channelStart (local.get $job) (i32.load offset=24 (local.get $job)) (local.get $channel)))
    (local.set $image (i32.const 0))
    (block $writeDone
      (loop $writeImages
        (br_if $writeDone (i32.ge_u (local.get $image) (i32.load offset=8 (local.get $job))))
        (local.set $end (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $job)) (i32.const 2))))
        (block $rowDone
          (loop $row
            (br_if $rowDone (i32.ge_u (local.get $x) (local.get $end)))
            (f32.store (local.get $dx) (f32.demote_f64 (f64.mul (local.get $scale)
              (f64.sub (f64.sub (f64.promote_f32 (f32.load (local.get $dy))) (local.get $meanDy))
                (f64.mul (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $x))) (local.get $mean)) (local.get $inverseDeviation))
                  (local.get $meanNormalized))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
            (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $gap)))
        (local.set $dy (i32.add (local.get $dy) (local.get $gap)))
        (local.set $dx (i32.add (local.get $dx) (local.get $gap)))
        (local.set $image (i32.add (local.get $image) (i32.const 1)))
        (br $writeImages))))

  ;; Runs the job's tasks until none are left.
  (func (export "run") (param $job i32) (param $scratch i32)
    (local $task i32) (local $op i32)
    (local.set $op (i32.load offset=0 (local.get $job)))
    (block $tasksDone
      (loop $tasks
        (local.set $task (i32.atomic.rmw.add offset=68 (local.get $job) (i32.const 1)))
        (br_if $tasksDone (i32.ge_u (local.get $task) (i32.load offset=4 (local.get $job))))
        (if (i32.eq (local.get $op) (i32.const 1)) (then (call $planesRow (local.get $job) (local.get $task))))
        (if (i32.eq (local.get $op) (i32.const 2)) (then (call $reluGradientBlock (local.get $job) (local.get $task))))
        (if (i32.eq (local.get $op) (i32.const 3)) (then (call $channelSum (local.get $job) (local.get $task))))
        (if (i32.eq (local.get $op) (i32.const 4)) (then (call $sgdBlock (local.get $job) (local.get $task))))
        (if (i32.eq (local.get $op) (i32.const 5)) (then (call $batchNormForward (local.get $job) (local.get $task))))
        (if (i32.eq (local.get $op) (i32.const 6)) (then (call $batchNormBackward (local.get $job) (local.get $task))))
        (br $tasks))))
)
