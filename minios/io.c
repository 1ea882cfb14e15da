/* The I/O privilege of a PV kernel (see io.h). */
#include <minios/hypercall.h>
#include <minios/io.h>
#include <minios/kernel.h>
#include <xen/physdev.h>

void io_init(void)
{
	/* IOPL 1 is the guest kernel's ring, as Linux asks at boot. */
	struct physdev_set_iopl iopl = { .iopl = 1 };
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl);

	if (rc)
		printk("io: set_iopl failed (%ld): no port I/O\n", rc);
}
