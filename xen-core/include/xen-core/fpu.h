/* A vCPU's FPU/SSE state: the 512-byte image fxsave64 writes. */
#ifndef XEN_CORE_FPU_H
#define XEN_CORE_FPU_H

#include <xen-core/lib.h>

#define FPU_IMAGE_SIZE	512

/* Once, on the boot CPU, after CR4.OSFXSR is set. */
void fpu_probe(void);

/* The state a vCPU starts with: FCW 0x37f, MXCSR 0x1f80, the rest zero. */
void fpu_init_state(uint8_t *image);

/* The CPU's registers to and from a 16-byte aligned image (CR0.TS clear).
 * An image the CPU refuses, as a guest may hand in with VGCF_I387_VALID,
 * is reset as Xen resets it, then loaded. */
void fpu_save(uint8_t *image);
void fpu_load(uint8_t *image);

#endif
