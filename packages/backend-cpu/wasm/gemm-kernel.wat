;; WebAssembly SIMD128 kernels for the CPU backend's matrix multiply
;; C[M×N] (+)= op(A)[M×K] · op(B)[K×N], f32, row-major.
;;
;; Assembled by scripts/build-wasm.mjs (npm package `wabt`) into
;; src/gemm/gemm-kernel-binary.ts. Memory is imported and shared, so the
;; caller thread and the worker threads run one instance each over the same
;; bytes; the JavaScript side decides where everything lives.
;;
;; Layouts (all offsets in bytes):
;; - packed A: panels of 4 rows covering all of K; panel q holds
;;   op(A)[4q + r][p] at q*K*16 + p*16 + r*4 (rows past M are zero).
;; - packed B: panels of 8 columns of one K block (kc rows); panel t holds
;;   op(B)[p][8t + s] at t*kc*32 + p*32 + s*4 (columns past N are zero).
;; - C: row-major, padded to whole 4×8 tiles, so the microkernel never needs
;;   an edge case.
;;
;; Only mul + add (no fused multiply-add): relaxed SIMD is not available
;; everywhere yet, and separate ops give the same result on every engine.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; The 4×8 microkernel: C[4×8] (+)= Apanel[4×kc] · Bpanel[kc×8].
  ;; Eight f32x4 accumulators + two B vectors + one broadcast A value fit in
  ;; the 16 vector registers of x86-64 without spilling.
  (func $kernel (export "kernel")
    (param $kc i32) (param $ap i32) (param $bp i32) (param $c i32)
    (param $ldcBytes i32) (param $accumulate i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $apEnd i32)
    (local.set $apEnd (i32.add (local.get $ap) (i32.shl (local.get $kc) (i32.const 4))))
    ;; Two k steps per iteration halve the loop overhead.
    (block $pairsDone
      (br_if $pairsDone (i32.lt_u (local.get $kc) (i32.const 2)))
      (loop $pairs
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
        (local.set $b0 (v128.load offset=32 (local.get $bp)))
        (local.set $b1 (v128.load offset=48 (local.get $bp)))
        (local.set $a (v128.load32_splat offset=16 (local.get $ap)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load32_splat offset=20 (local.get $ap)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load32_splat offset=24 (local.get $ap)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $a (v128.load32_splat offset=28 (local.get $ap)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
        (local.set $ap (i32.add (local.get $ap) (i32.const 32)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 64)))
        (br_if $pairs (i32.le_u (i32.add (local.get $ap) (i32.const 32)) (local.get $apEnd)))))
    ;; The odd last k step, if any.
    (if (i32.lt_u (local.get $ap) (local.get $apEnd))
      (then
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
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))))
    (if (local.get $accumulate)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load offset=0 (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load offset=0 (local.get $c))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $c))))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load offset=0 (local.get $c))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $c))))
        (local.set $c (i32.add (local.get $c) (local.get $ldcBytes)))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load offset=0 (local.get $c))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $c))))
        ;; Back to row 0 for the stores below.
        (local.set $c (i32.sub (local.get $c) (i32.mul (local.get $ldcBytes) (i32.const 3))))))
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

  ;; Packs op(B)[k0 .. k0+kc) × [j0 .. j0+cols) into 8-column panels at $dst.
  ;; B is stored K×N (ld $ld) or, when $transposed, N×K.
  (func $packB (export "packB")
    (param $src i32) (param $ld i32) (param $transposed i32)
    (param $j0 i32) (param $cols i32) (param $k0 i32) (param $kc i32) (param $dst i32)
    (local $j i32) (local $width i32) (local $p i32) (local $s i32)
    (local $from i32) (local $ldBytes i32)
    (local.set $ldBytes (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $j (i32.const 0))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $width (i32.sub (local.get $cols) (local.get $j)))
        (if (i32.gt_u (local.get $width) (i32.const 8)) (then (local.set $width (i32.const 8))))
        (if (i32.and (i32.eqz (local.get $transposed)) (i32.eq (local.get $width) (i32.const 8)))
          (then
            ;; Row p of the panel is 8 contiguous floats of row k0+p.
            (local.set $from (i32.add (local.get $src) (i32.shl
              (i32.add (i32.mul (local.get $k0) (local.get $ld)) (i32.add (local.get $j0) (local.get $j)))
              (i32.const 2))))
            (local.set $p (local.get $kc))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.eqz (local.get $p)))
                (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $from)))
                (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $from)))
                (local.set $from (i32.add (local.get $from) (local.get $ldBytes)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $rows))))
          (else
            ;; Transposed or partial panel: gather element by element, zero-fill the rest.
            (local.set $p (i32.const 0))
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
                (br $rows)))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panels))))

  ;; Runs tasks of the job described at $job until none are left; every
  ;; thread calls this with its own packing buffer $bp, and tasks are handed
  ;; out by an atomic counter so a slower thread simply takes fewer.
  ;; Job fields (i32, byte offset): 0 m, 4 n, 8 k, 12 packed A, 16 B, 20 ldb,
  ;; 24 B transposed, 28 C, 32 ldc, 36 accumulate, 40 mc, 44 nc, 48 kc,
  ;; 52 M blocks, 56 N blocks, 60 next task (atomic).
  ;; A task is one mc×nc block of C over all of K.
  (func (export "run") (param $job i32) (param $bp i32)
    (local $m i32) (local $n i32) (local $k i32) (local $ap i32) (local $b i32)
    (local $ldb i32) (local $transposedB i32) (local $c i32) (local $ldc i32)
    (local $accumulate i32) (local $mc i32) (local $nc i32) (local $kcMax i32)
    (local $nBlocks i32) (local $tasks i32) (local $task i32)
    (local $i0 i32) (local $i1 i32) (local $j0 i32) (local $cols i32)
    (local $k0 i32) (local $kc i32) (local $i i32) (local $j i32) (local $ldcBytes i32)
    (local $bPanel i32)
    (local.set $m (i32.load offset=0 (local.get $job)))
    (local.set $n (i32.load offset=4 (local.get $job)))
    (local.set $k (i32.load offset=8 (local.get $job)))
    (local.set $ap (i32.load offset=12 (local.get $job)))
    (local.set $b (i32.load offset=16 (local.get $job)))
    (local.set $ldb (i32.load offset=20 (local.get $job)))
    (local.set $transposedB (i32.load offset=24 (local.get $job)))
    (local.set $c (i32.load offset=28 (local.get $job)))
    (local.set $ldc (i32.load offset=32 (local.get $job)))
    (local.set $accumulate (i32.load offset=36 (local.get $job)))
    (local.set $mc (i32.load offset=40 (local.get $job)))
    (local.set $nc (i32.load offset=44 (local.get $job)))
    (local.set $kcMax (i32.load offset=48 (local.get $job)))
    (local.set $nBlocks (i32.load offset=56 (local.get $job)))
    (local.set $tasks (i32.mul (i32.load offset=52 (local.get $job)) (local.get $nBlocks)))
    (local.set $ldcBytes (i32.shl (local.get $ldc) (i32.const 2)))
    (block $tasksDone
      (loop $tasksLoop
        (local.set $task (i32.atomic.rmw.add offset=60 (local.get $job) (i32.const 1)))
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
            (call $packB (local.get $b) (local.get $ldb) (local.get $transposedB)
              (local.get $j0) (local.get $cols) (local.get $k0) (local.get $kc) (local.get $bp))
            ;; One B panel (kc×8) stays in L1 while the A block (mc×kc) streams from L2.
            (local.set $j (i32.const 0))
            (local.set $bPanel (local.get $bp))
            (block $columnsDone
              (loop $columns
                (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $cols)))
                (local.set $i (local.get $i0))
                (block $rowsDone
                  (loop $rows
                    (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $i1)))
                    (call $kernel (local.get $kc)
                      ;; A panel i/4, from row k0 of that panel.
                      (i32.add (local.get $ap) (i32.shl
                        (i32.add (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (local.get $k)) (local.get $k0))
                        (i32.const 4)))
                      (local.get $bPanel)
                      (i32.add (local.get $c) (i32.shl
                        (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.add (local.get $j0) (local.get $j)))
                        (i32.const 2)))
                      (local.get $ldcBytes)
                      (i32.or (local.get $accumulate) (i32.ne (local.get $k0) (i32.const 0))))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $rows)))
                (local.set $bPanel (i32.add (local.get $bPanel) (i32.shl (local.get $kc) (i32.const 5))))
                (local.set $j (i32.add (local.get $j) (i32.const 8)))
                (br $columns)))
            (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
            (br $kBlocks)))
        (br $tasksLoop))))
)
