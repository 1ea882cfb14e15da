/*
 * A vCPU's FPU/SSE state as the fxsave64 image that is loaded on the way
 * into the guest and saved on the way out (arch/x86/domain.c).  A new
 * vCPU starts clean, never with what the CPU last held.  An image handed
 * in by VCPUOP_initialise or the toolstack (VGCF_I387_VALID) is taken as
 * it is, as Xen takes it: a CPU may refuse it, so the load recovers from
 * the fault the way Xen's does.
 */
#include <xen-core/traps.h>
#include <xen-core/fpu.h>
#include <xen-core/console.h>

#define FCW_DEFAULT		0x037f
#define MXCSR_DEFAULT		0x1f80
#define IMAGE_FCW		0	/* offsets in the fxsave image */
#define IMAGE_MXCSR		24
#define IMAGE_MXCSR_MASK	28
/* What a CPU that reports a zero mask accepts (Intel SDM 11.6.6). */
#define MXCSR_MASK_DEFAULT	0xffbf

static uint32_t mxcsr_mask = MXCSR_MASK_DEFAULT;

void fpu_probe(void)
{
	uint8_t image[FPU_IMAGE_SIZE] __attribute__((aligned(16)));
	uint32_t mask;

	memset(image, 0, sizeof(image));
	fpu_save(image);
	memcpy(&mask, image + IMAGE_MXCSR_MASK, sizeof(mask));
	if (mask)
		mxcsr_mask = mask;
}

static void set_mxcsr(uint8_t *image, uint32_t mxcsr)
{
	memcpy(image + IMAGE_MXCSR, &mxcsr, sizeof(mxcsr));
}

void fpu_init_state(uint8_t *image)
{
	uint16_t fcw = FCW_DEFAULT;

	memset(image, 0, FPU_IMAGE_SIZE);
	memcpy(image + IMAGE_FCW, &fcw, sizeof(fcw));
	set_mxcsr(image, MXCSR_DEFAULT);
}

void fpu_save(uint8_t *image)
{
	asm volatile("fxsave64 %0" : "=m"(*(uint8_t (*)[FPU_IMAGE_SIZE])image));
}

/* False if the CPU refused the image (#GP, through the exception table). */
static bool fxrstor_ok(const uint8_t *image)
{
	bool faulted = false;

	asm volatile("1: fxrstor64 %1\n"
		     "2:\n"
		     ".pushsection .text.fixup, \"ax\"\n"
		     "3: movb $1, %0\n"
		     "   jmp 2b\n"
		     ".popsection\n"
		     ASM_EXTABLE(1b, 3b)
		     : "+m"(faulted)
		     : "m"(*(const uint8_t (*)[FPU_IMAGE_SIZE])image));
	return !faulted;
}

/*
 * MXCSR bits the CPU does not accept are what makes fxrstor fault.  Xen
 * recovers (xrstor's first stage) by putting the x87 and SSE registers
 * in their initial state and keeping the MXCSR bits the CPU accepts;
 * the guest finds the same here.  That image cannot fault.
 */
void fpu_load(uint8_t *image)
{
	uint32_t mxcsr;

	if (fxrstor_ok(image))
		return;
	memcpy(&mxcsr, image + IMAGE_MXCSR, sizeof(mxcsr));
	fpu_init_state(image);
	set_mxcsr(image, mxcsr & mxcsr_mask);
	if (!fxrstor_ok(image))
		panic("fxrstor refuses the initial FPU state");
}
