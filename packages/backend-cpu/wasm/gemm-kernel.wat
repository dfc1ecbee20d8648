;; WebAssembly SIMD128 kernels for the CPU backend's matrix multiply
;; C[M×N] (+)= op(A)[M×K] · op(B)[K×N], f32, row-major.
;;
;; Assembled by scripts/build-wasm.mjs (npm package `wabt`) into
;; src/gemm/gemm-kernel-binary.ts. Memory is imported (shared when worker
;; threads are possible), so the caller thread and the workers run one
;; instance each over the same bytes; JavaScript decides where data lives.
;;
;; A and C are read and written in place (row-major, any leading dimension).
;; Each thread packs, per K block, its A block into 4-row panels (4 floats per
;; k) and its B block into 8-column panels: panel t holds op(B)[k0 + p][8t + s]
;; at t·kc·32 + p·32 + s·4 (columns past N are zero).
;;
;; Only mul + add (no fused multiply-add): relaxed SIMD is not available
;; everywhere yet, and separate ops round the same on every engine.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; The 4×8 microkernel: C[4×8] (+)= Apanel[4×kc] · Bpanel[kc×8], both packed
  ;; (A: 4 floats per k, B: 8 floats per k). Eight f32x4 accumulators, two B
  ;; vectors and one broadcast A value fit in x86-64's 16 vector registers.
  (func $kernel (export "kernel")
    (param $kc i32) (param $ap i32) (param $bp i32) (param $c i32) (param $ldcBytes i32) (param $accumulate i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $steps i32)
    ;; One k step per iteration: unrolling measured slower (V8 then keeps more
    ;; values live than there are registers). Callers pass kc ≥ 1.
    (local.set $steps (local.get $kc))
    (loop $kLoop
      (local.set $b0 (v128.load offset=0 (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat offset=0 (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
      (br_if $kLoop (local.get $steps)))
    (if (local.get $accumulate)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load offset=0 (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load offset=0 (i32.add (local.get $c) (local.get $ldcBytes)))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (i32.add (local.get $c) (local.get $ldcBytes)))))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load offset=0
          (i32.add (local.get $c) (i32.shl (local.get $ldcBytes) (i32.const 1))))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16
          (i32.add (local.get $c) (i32.shl (local.get $ldcBytes) (i32.const 1))))))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load offset=0
          (i32.add (local.get $c) (i32.mul (local.get $ldcBytes) (i32.const 3))))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16
          (i32.add (local.get $c) (i32.mul (local.get $ldcBytes) (i32.const 3))))))))
    (v128.store offset=0 (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
    (v128.store offset=0 (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
    (v128.store offset=0 (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
    (v128.store offset=0 (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; Packs op(A)[i0 .. i0+rows) × [k0 .. k0+kc) into 4-row panels at $dst:
  ;; panel q holds row 4q+r, k0+p at q·kc·16 + p·16 + r·4 (missing rows 0).
  ;; op(A)[i][p] is at $a + i·$rowStride + p·$kStride bytes.
  (func $packA
    (param $a i32) (param $rowStride i32) (param $kStride i32)
    (param $i0 i32) (param $rows i32) (param $k0 i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $height i32) (local $p i32) (local $r i32) (local $from i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $i (i32.const 0))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $height (i32.sub (local.get $rows) (local.get $i)))
        (if (i32.gt_u (local.get $height) (i32.const 4)) (then (local.set $height (i32.const 4))))
        (local.set $from (i32.add (local.get $a) (i32.add
          (i32.mul (i32.add (local.get $i0) (local.get $i)) (local.get $rowStride))
          (i32.mul (local.get $k0) (local.get $kStride)))))
        (local.set $p (i32.const 0))
        (if (i32.eq (local.get $height) (i32.const 4))
          (then
            (if (i32.eq (local.get $rowStride) (i32.const 4))
              (then
                ;; Transposed A: the panel's 4 values of one k are contiguous.
                (block $copyDone
                  (loop $copy
                    (br_if $copyDone (i32.ge_u (local.get $p) (local.get $kc)))
                    (v128.store (local.get $dst) (v128.load (local.get $from)))
                    (local.set $from (i32.add (local.get $from) (local.get $kStride)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $copy))))
              (else
                ;; Row-major A: 4 k of each of the 4 rows, transposed with shuffles.
                (block $quadsDone
                  (loop $quads
                    (br_if $quadsDone (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                    (local.set $v0 (v128.load (local.get $from)))
                    (local.set $v1 (v128.load (i32.add (local.get $from) (local.get $rowStride))))
                    (local.set $v2 (v128.load (i32.add (local.get $from) (i32.shl (local.get $rowStride) (i32.const 1)))))
                    (local.set $v3 (v128.load (i32.add (local.get $from) (i32.mul (local.get $rowStride) (i32.const 3)))))
                    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
                    (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
                    (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
                    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
                    (v128.store offset=0 (local.get $dst)
                      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
                    (v128.store offset=16 (local.get $dst)
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
                    (v128.store offset=32 (local.get $dst)
                      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
                    (v128.store offset=48 (local.get $dst)
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
                    (local.set $from (i32.add (local.get $from) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $quads)))))))
        ;; What is left: element by element, zero-filling missing rows.
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_u (local.get $p) (local.get $kc)))
            (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
            (local.set $r (i32.const 0))
            (block $rowsDone
              (loop $rowsLoop
                (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $height)))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
                  (f32.load (i32.add (local.get $a) (i32.add
                    (i32.mul (i32.add (i32.add (local.get $i0) (local.get $i)) (local.get $r)) (local.get $rowStride))
                    (i32.mul (i32.add (local.get $k0) (local.get $p)) (local.get $kStride))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rowsLoop)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $rest)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $panels))))

  ;; Packs op(B)[k0 .. k0+kc) × [j0 .. j0+cols) into 8-column panels at $dst.
  ;; B is stored K×N with leading dimension $ld or, when $transposed, N×K.
  (func $packB (export "packB")
    (param $src i32) (param $ld i32) (param $transposed i32)
    (param $j0 i32) (param $cols i32) (param $k0 i32) (param $kc i32) (param $dst i32)
    (local $j i32) (local $width i32) (local $p i32) (local $s i32)
    (local $from i32) (local $ldBytes i32) (local $quads i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ldBytes (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $width (i32.sub (local.get $cols) (local.get $j)))
        (if (i32.gt_u (local.get $width) (i32.const 8)) (then (local.set $width (i32.const 8))))
        (local.set $p (i32.const 0))
        (if (i32.eq (local.get $width) (i32.const 8))
          (then
            (if (i32.eqz (local.get $transposed))
              (then
                ;; Row p of the panel is 8 contiguous floats of row k0+p.
                (local.set $from (i32.add (local.get $src) (i32.shl
                  (i32.add (i32.mul (local.get $k0) (local.get $ld)) (i32.add (local.get $j0) (local.get $j)))
                  (i32.const 2))))
                (block $rowsDone
                  (loop $rows
                    (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $kc)))
                    (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $from)))
                    (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $from)))
                    (local.set $from (i32.add (local.get $from) (local.get $ldBytes)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $rows))))
              (else
                ;; Transposed: the 8 columns are 8 stored rows, contiguous in k.
                ;; Four k at a time: load 4 floats from each of the 8 rows and
                ;; transpose two 4×4 blocks with shuffles (unpck/movlhps on x86).
                (local.set $quads (i32.shr_u (local.get $kc) (i32.const 2)))
                (local.set $from (i32.add (local.get $src) (i32.shl
                  (i32.add (i32.mul (i32.add (local.get $j0) (local.get $j)) (local.get $ld)) (local.get $k0))
                  (i32.const 2))))
                (block $quadsDone
                  (loop $quadsLoop
                    (br_if $quadsDone (i32.eqz (local.get $quads)))
                    (local.set $s (i32.const 0))
                    (loop $halves
                      (local.set $v0 (v128.load (local.get $from)))
                      (local.set $v1 (v128.load (i32.add (local.get $from) (local.get $ldBytes))))
                      (local.set $v2 (v128.load (i32.add (local.get $from) (i32.shl (local.get $ldBytes) (i32.const 1)))))
                      (local.set $v3 (v128.load (i32.add (local.get $from) (i32.mul (local.get $ldBytes) (i32.const 3)))))
                      (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
                      (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
                      (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
                      (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
                      (v128.store offset=0 (local.get $dst)
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
                      (v128.store offset=32 (local.get $dst)
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
                      (v128.store offset=64 (local.get $dst)
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
                      (v128.store offset=96 (local.get $dst)
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
                      ;; Second half: stored rows 4..7 → panel columns 4..7.
                      (local.set $from (i32.add (local.get $from) (i32.shl (local.get $ldBytes) (i32.const 2))))
                      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                      (local.set $s (i32.add (local.get $s) (i32.const 1)))
                      (br_if $halves (i32.lt_u (local.get $s) (i32.const 2))))
                    ;; Back to stored row 0 and panel column 0, four k further on.
                    (local.set $from (i32.add (i32.sub (local.get $from) (i32.shl (local.get $ldBytes) (i32.const 3))) (i32.const 16)))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 96)))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (local.set $quads (i32.sub (local.get $quads) (i32.const 1)))
                    (br $quadsLoop)))))))
        ;; What is left (a partial panel, or the last kc mod 4 rows of a transposed
        ;; one): gather element by element, zero-filling missing columns.
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $kc)))
            (v128.store offset=0 (local.get $dst) (v128.const i32x4 0 0 0 0))
            (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
            (local.set $s (i32.const 0))
            (block $columnsDone
              (loop $columns
                (br_if $columnsDone (i32.ge_u (local.get $s) (local.get $width)))
                (f32.store
                  (i32.add (local.get $dst) (i32.shl (local.get $s) (i32.const 2)))
                  (f32.load (i32.add (local.get $src) (i32.shl
                    (if (result i32) (local.get $transposed)
                      (then (i32.add
                        (i32.mul (i32.add (i32.add (local.get $j0) (local.get $j)) (local.get $s)) (local.get $ld))
                        (i32.add (local.get $k0) (local.get $p))))
                      (else (i32.add
                        (i32.mul (i32.add (local.get $k0) (local.get $p)) (local.get $ld))
                        (i32.add (i32.add (local.get $j0) (local.get $j)) (local.get $s)))))
                    (i32.const 2)))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $columns)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; One row of A against columns [0, cols) of a transposed B (stored N×K,
  ;; rows $ldbBytes apart): each output is a dot product of two contiguous
  ;; vectors, four outputs at a time. For matrix–vector shapes (M < 4) this
  ;; reads B once, unpacked, at memory speed.
  (func $dotRow
    (param $a i32) (param $b i32) (param $ldbBytes i32) (param $k i32)
    (param $c i32) (param $cols i32) (param $accumulate i32)
    (local $j i32) (local $p i32) (local $kQuads i32) (local $av v128)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 f32) (local $t1 f32) (local $t2 f32) (local $t3 f32) (local $av1 f32)
    ;; Bytes of A covered by whole groups of four k.
    (local.set $kQuads (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $j) (local.get $cols)))
        ;; Four stored rows of B (fewer at the edge: repeat the first, drop its results).
        (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldbBytes))))
        (local.set $b1 (select (i32.add (local.get $b0) (local.get $ldbBytes)) (local.get $b0)
          (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $cols))))
        (local.set $b2 (select (i32.add (local.get $b0) (i32.shl (local.get $ldbBytes) (i32.const 1))) (local.get $b0)
          (i32.lt_u (i32.add (local.get $j) (i32.const 2)) (local.get $cols))))
        (local.set $b3 (select (i32.add (local.get $b0) (i32.mul (local.get $ldbBytes) (i32.const 3))) (local.get $b0)
          (i32.lt_u (i32.add (local.get $j) (i32.const 3)) (local.get $cols))))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0))
        (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.ge_u (local.get $p) (local.get $kQuads)))
            (local.set $av (v128.load (i32.add (local.get $a) (local.get $p))))
            (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $b0) (local.get $p))))))
            (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $b1) (local.get $p))))))
            (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $b2) (local.get $p))))))
            (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $b3) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $quads)))
        ;; Lanes summed pairwise, then the last k mod 4 terms.
        (local.set $t0 (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
          (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0)))))
        (local.set $t1 (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $s1)) (f32x4.extract_lane 1 (local.get $s1)))
          (f32.add (f32x4.extract_lane 2 (local.get $s1)) (f32x4.extract_lane 3 (local.get $s1)))))
        (local.set $t2 (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $s2)) (f32x4.extract_lane 1 (local.get $s2)))
          (f32.add (f32x4.extract_lane 2 (local.get $s2)) (f32x4.extract_lane 3 (local.get $s2)))))
        (local.set $t3 (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $s3)) (f32x4.extract_lane 1 (local.get $s3)))
          (f32.add (f32x4.extract_lane 2 (local.get $s3)) (f32x4.extract_lane 3 (local.get $s3)))))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
            (local.set $av1 (f32.load (i32.add (local.get $a) (local.get $p))))
            (local.set $t0 (f32.add (local.get $t0) (f32.mul (local.get $av1) (f32.load (i32.add (local.get $b0) (local.get $p))))))
            (local.set $t1 (f32.add (local.get $t1) (f32.mul (local.get $av1) (f32.load (i32.add (local.get $b1) (local.get $p))))))
            (local.set $t2 (f32.add (local.get $t2) (f32.mul (local.get $av1) (f32.load (i32.add (local.get $b2) (local.get $p))))))
            (local.set $t3 (f32.add (local.get $t3) (f32.mul (local.get $av1) (f32.load (i32.add (local.get $b3) (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (call $storeOutput (local.get $c) (local.get $j) (local.get $cols) (local.get $accumulate) (local.get $t0))
        (call $storeOutput (local.get $c) (i32.add (local.get $j) (i32.const 1)) (local.get $cols) (local.get $accumulate) (local.get $t1))
        (call $storeOutput (local.get $c) (i32.add (local.get $j) (i32.const 2)) (local.get $cols) (local.get $accumulate) (local.get $t2))
        (call $storeOutput (local.get $c) (i32.add (local.get $j) (i32.const 3)) (local.get $cols) (local.get $accumulate) (local.get $t3))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $columns))))

  ;; C[j] (+)= value when j < cols.
  (func $storeOutput (param $c i32) (param $j i32) (param $cols i32) (param $accumulate i32) (param $value f32)
    (local $at i32)
    (if (i32.lt_u (local.get $j) (local.get $cols))
      (then
        (local.set $at (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
        (f32.store (local.get $at)
          (if (result f32) (local.get $accumulate)
            (then (f32.add (f32.load (local.get $at)) (local.get $value)))
            (else (local.get $value)))))))

  ;; One row of A against columns [0, cols) of B stored K×N (rows $ldbBytes
  ;; apart): C row (+)= Σ_p A[p]·B[p], sixteen columns at a time held in four
  ;; f32x4 accumulators while all K rows of B stream past (B read once).
  (func $axpyRow
    (param $a i32) (param $b i32) (param $ldbBytes i32) (param $k i32)
    (param $c i32) (param $cols i32) (param $accumulate i32)
    (local $j i32) (local $p i32) (local $from i32) (local $av v128) (local $end i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $sum f32)
    (local.set $j (i32.const 0))
    (block $chunksDone
      (loop $chunks
        (br_if $chunksDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $cols)))
        (local.set $s0 (v128.const i32x4 0 0 0 0))
        (local.set $s1 (v128.const i32x4 0 0 0 0))
        (local.set $s2 (v128.const i32x4 0 0 0 0))
        (local.set $s3 (v128.const i32x4 0 0 0 0))
        (local.set $from (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $p (i32.const 0))
        (local.set $end (i32.shl (local.get $k) (i32.const 2)))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $av (v128.load32_splat (i32.add (local.get $a) (local.get $p))))
            (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $av) (v128.load offset=0 (local.get $from)))))
            (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $av) (v128.load offset=16 (local.get $from)))))
            (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $av) (v128.load offset=32 (local.get $from)))))
            (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $av) (v128.load offset=48 (local.get $from)))))
            (local.set $from (i32.add (local.get $from) (local.get $ldbBytes)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $rows)))
        (local.set $from (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
        (if (local.get $accumulate)
          (then
            (local.set $s0 (f32x4.add (local.get $s0) (v128.load offset=0 (local.get $from))))
            (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $from))))
            (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $from))))
            (local.set $s3 (f32x4.add (local.get $s3) (v128.load offset=48 (local.get $from))))))
        (v128.store offset=0 (local.get $from) (local.get $s0))
        (v128.store offset=16 (local.get $from) (local.get $s1))
        (v128.store offset=32 (local.get $from) (local.get $s2))
        (v128.store offset=48 (local.get $from) (local.get $s3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $chunks)))
    ;; The last cols mod 16 columns, one at a time.
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $sum (f32.const 0))
        (local.set $from (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $p (i32.const 0))
        (local.set $end (i32.shl (local.get $k) (i32.const 2)))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $sum (f32.add (local.get $sum)
              (f32.mul (f32.load (i32.add (local.get $a) (local.get $p))) (f32.load (local.get $from)))))
            (local.set $from (i32.add (local.get $from) (local.get $ldbBytes)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $rows)))
        (call $storeOutput (local.get $c) (local.get $j) (local.get $cols) (local.get $accumulate) (local.get $sum))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns))))

  ;; The job for M < 4 (matrix–vector shapes): tasks are blocks of nc columns;
  ;; each row of A (row-major here: the caller stages a transposed A) sweeps
  ;; its columns of B without packing.
  (func $runRows (param $job i32)
    (local $m i32) (local $n i32) (local $k i32) (local $a i32) (local $ldaBytes i32)
    (local $b i32) (local $ldbBytes i32) (local $transposedB i32) (local $c i32) (local $ldcBytes i32)
    (local $accumulate i32) (local $nc i32) (local $nBlocks i32) (local $task i32)
    (local $j0 i32) (local $cols i32) (local $i i32) (local $bStart i32)
    (local.set $m (i32.load offset=0 (local.get $job)))
    (local.set $n (i32.load offset=4 (local.get $job)))
    (local.set $k (i32.load offset=8 (local.get $job)))
    (local.set $a (i32.load offset=12 (local.get $job)))
    (local.set $ldaBytes (i32.shl (i32.load offset=16 (local.get $job)) (i32.const 2)))
    (local.set $b (i32.load offset=24 (local.get $job)))
    (local.set $ldbBytes (i32.shl (i32.load offset=28 (local.get $job)) (i32.const 2)))
    (local.set $transposedB (i32.load offset=32 (local.get $job)))
    (local.set $c (i32.load offset=36 (local.get $job)))
    (local.set $ldcBytes (i32.shl (i32.load offset=40 (local.get $job)) (i32.const 2)))
    (local.set $accumulate (i32.load offset=44 (local.get $job)))
    (local.set $nc (i32.load offset=52 (local.get $job)))
    (local.set $nBlocks (i32.load offset=64 (local.get $job)))
    (block $tasksDone
      (loop $tasksLoop
        (local.set $task (i32.atomic.rmw.add offset=68 (local.get $job) (i32.const 1)))
        (br_if $tasksDone (i32.ge_u (local.get $task) (local.get $nBlocks)))
        (local.set $j0 (i32.mul (local.get $task) (local.get $nc)))
        (local.set $cols (i32.sub (local.get $n) (local.get $j0)))
        (if (i32.gt_u (local.get $cols) (local.get $nc)) (then (local.set $cols (local.get $nc))))
        (local.set $bStart (i32.add (local.get $b)
          (if (result i32) (local.get $transposedB)
            (then (i32.mul (local.get $j0) (local.get $ldbBytes)))
            (else (i32.shl (local.get $j0) (i32.const 2))))))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
            (if (local.get $transposedB)
              (then
                (call $dotRow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ldaBytes)))
                  (local.get $bStart) (local.get $ldbBytes) (local.get $k)
                  (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldcBytes)) (i32.shl (local.get $j0) (i32.const 2))))
                  (local.get $cols) (local.get $accumulate)))
              (else
                (call $axpyRow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ldaBytes)))
                  (local.get $bStart) (local.get $ldbBytes) (local.get $k)
                  (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldcBytes)) (i32.shl (local.get $j0) (i32.const 2))))
                  (local.get $cols) (local.get $accumulate))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (br $tasksLoop))))

  ;; Runs tasks of the job described at $job until none are left. Every
  ;; thread calls this with its own packing buffer $bp (kc·nc floats, then a
  ;; 4×8 edge tile); tasks come from an atomic counter, so a thread slowed by
  ;; other load simply takes fewer. A task is one mc×nc block of C over all K.
  ;; Job fields (i32 at byte offset): 0 m, 4 n, 8 k, 12 A, 16 lda, 20 A
  ;; transposed, 24 B, 28 ldb, 32 B transposed, 36 C, 40 ldc, 44 accumulate,
  ;; 48 mc, 52 nc, 56 kc, 60 M blocks, 64 N blocks, 68 next task (atomic),
  ;; 72 mode (1: M < 4, see $runRows).
  (func (export "run") (param $job i32) (param $bp i32)
    (local $m i32) (local $n i32) (local $k i32) (local $aBase i32) (local $lda i32) (local $transposedA i32)
    (local $b i32) (local $ldb i32) (local $transposedB i32) (local $c i32) (local $ldc i32)
    (local $accumulate i32) (local $mc i32) (local $nc i32) (local $kcMax i32)
    (local $nBlocks i32) (local $tasks i32) (local $task i32)
    (local $i0 i32) (local $i1 i32) (local $j0 i32) (local $cols i32)
    (local $k0 i32) (local $kc i32) (local $i i32) (local $j i32) (local $ldcBytes i32)
    (local $bPanel i32) (local $edge i32) (local $rows i32) (local $width i32) (local $add i32)
    (local $rowStride i32) (local $kStride i32) (local $apBuffer i32) (local $aPanel i32)
    (local $target i32) (local $r i32) (local $s i32) (local $from i32)
    (if (i32.load offset=72 (local.get $job))
      (then
        (call $runRows (local.get $job))
        (return)))
    (local.set $m (i32.load offset=0 (local.get $job)))
    (local.set $n (i32.load offset=4 (local.get $job)))
    (local.set $k (i32.load offset=8 (local.get $job)))
    (local.set $aBase (i32.load offset=12 (local.get $job)))
    (local.set $lda (i32.load offset=16 (local.get $job)))
    (local.set $transposedA (i32.load offset=20 (local.get $job)))
    (local.set $b (i32.load offset=24 (local.get $job)))
    (local.set $ldb (i32.load offset=28 (local.get $job)))
    (local.set $transposedB (i32.load offset=32 (local.get $job)))
    (local.set $c (i32.load offset=36 (local.get $job)))
    (local.set $ldc (i32.load offset=40 (local.get $job)))
    (local.set $accumulate (i32.load offset=44 (local.get $job)))
    (local.set $mc (i32.load offset=48 (local.get $job)))
    (local.set $nc (i32.load offset=52 (local.get $job)))
    (local.set $kcMax (i32.load offset=56 (local.get $job)))
    (local.set $nBlocks (i32.load offset=64 (local.get $job)))
    (local.set $tasks (i32.mul (i32.load offset=60 (local.get $job)) (local.get $nBlocks)))
    (local.set $ldcBytes (i32.shl (local.get $ldc) (i32.const 2)))
    ;; The thread's buffer: packed B (kc·nc floats), packed A (mc·kc), the edge tile.
    (local.set $apBuffer (i32.add (local.get $bp) (i32.shl (i32.mul (local.get $kcMax) (local.get $nc)) (i32.const 2))))
    (local.set $edge (i32.add (local.get $apBuffer) (i32.shl (i32.mul (local.get $kcMax) (local.get $mc)) (i32.const 2))))
    ;; Bytes between rows of op(A), and between consecutive k of one row.
    (if (local.get $transposedA)
      (then
        (local.set $rowStride (i32.const 4))
        (local.set $kStride (i32.shl (local.get $lda) (i32.const 2))))
      (else
        (local.set $rowStride (i32.shl (local.get $lda) (i32.const 2)))
        (local.set $kStride (i32.const 4))))
    (block $tasksDone
      (loop $tasksLoop
        (local.set $task (i32.atomic.rmw.add offset=68 (local.get $job) (i32.const 1)))
        (br_if $tasksDone (i32.ge_u (local.get $task) (local.get $tasks)))
        (local.set $i0 (i32.mul (i32.div_u (local.get $task) (local.get $nBlocks)) (local.get $mc)))
        (local.set $i1 (i32.add (local.get $i0) (local.get $mc)))
        (if (i32.gt_u (local.get $i1) (local.get $m)) (then (local.set $i1 (local.get $m))))
        (local.set $j0 (i32.mul (i32.rem_u (local.get $task) (local.get $nBlocks)) (local.get $nc)))
        (local.set $cols (i32.sub (local.get $n) (local.get $j0)))
        (if (i32.gt_u (local.get $cols) (local.get $nc)) (then (local.set $cols (local.get $nc))))
        (local.set $k0 (i32.const 0))
        (block $kBlocksDone
          (loop $kBlocks
            (br_if $kBlocksDone (i32.ge_u (local.get $k0) (local.get $k)))
            (local.set $kc (i32.sub (local.get $k) (local.get $k0)))
            (if (i32.gt_u (local.get $kc) (local.get $kcMax)) (then (local.set $kc (local.get $kcMax))))
            (local.set $add (i32.or (local.get $accumulate) (i32.ne (local.get $k0) (i32.const 0))))
            (call $packB (local.get $b) (local.get $ldb) (local.get $transposedB)
              (local.get $j0) (local.get $cols) (local.get $k0) (local.get $kc) (local.get $bp))
            (call $packA (local.get $aBase) (local.get $rowStride) (local.get $kStride)
              (local.get $i0) (i32.sub (local.get $i1) (local.get $i0)) (local.get $k0) (local.get $kc) (local.get $apBuffer))
            ;; One B panel (kc×8) stays in L1 while the A block (mc×kc) streams from L2.
            (local.set $j (i32.const 0))
            (local.set $bPanel (local.get $bp))
            (block $columnsDone
              (loop $columns
                (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $cols)))
                (local.set $width (i32.sub (local.get $cols) (local.get $j)))
                (if (i32.gt_u (local.get $width) (i32.const 8)) (then (local.set $width (i32.const 8))))
                (local.set $i (local.get $i0))
                (block $rowsDone
                  (loop $rowsLoop
                    (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $i1)))
                    (local.set $rows (i32.sub (local.get $i1) (local.get $i)))
                    (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
                    ;; Packed A panel of rows i .. i+3 (rows past M are zeros).
                    (local.set $aPanel (i32.add (local.get $apBuffer)
                      (i32.mul (i32.sub (local.get $i) (local.get $i0)) (i32.shl (local.get $kc) (i32.const 2)))))
                    (local.set $target (i32.add (local.get $c) (i32.shl
                      (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.add (local.get $j0) (local.get $j)))
                      (i32.const 2))))
                    (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $width) (i32.const 8)))
                      (then
                        (call $kernel (local.get $kc) (local.get $aPanel) (local.get $bPanel) (local.get $target)
                          (local.get $ldcBytes) (local.get $add)))
                      (else
                        ;; Edge tile: compute a whole 4×8 tile aside, then add or copy the part inside C.
                        (call $kernel (local.get $kc) (local.get $aPanel) (local.get $bPanel) (local.get $edge)
                          (i32.const 32) (i32.const 0))
                        (local.set $r (i32.const 0))
                        (loop $edgeRows
                          (local.set $s (i32.const 0))
                          (loop $edgeColumns
                            (local.set $from (i32.add (local.get $edge) (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $s)) (i32.const 2))))
                            (f32.store (local.get $target)
                              (if (result f32) (local.get $add)
                                (then (f32.add (f32.load (local.get $target)) (f32.load (local.get $from))))
                                (else (f32.load (local.get $from)))))
                            (local.set $target (i32.add (local.get $target) (i32.const 4)))
                            (local.set $s (i32.add (local.get $s) (i32.const 1)))
                            (br_if $edgeColumns (i32.lt_u (local.get $s) (local.get $width))))
                          (local.set $target (i32.add (local.get $target)
                            (i32.sub (local.get $ldcBytes) (i32.shl (local.get $width) (i32.const 2)))))
                          (local.set $r (i32.add (local.get $r) (i32.const 1)))
                          (br_if $edgeRows (i32.lt_u (local.get $r) (local.get $rows))))))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $rowsLoop)))
                (local.set $bPanel (i32.add (local.get $bPanel) (i32.shl (local.get $kc) (i32.const 5))))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $columns)))
            (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
            (br $kBlocks)))
        (br $tasksLoop))))
)
