/* physdev_op: I/O privilege for now; interrupts and PCI come with pciback. */
#include <xen-core/hypercall.h>
#include <xen-core/guest_access.h>

long do_physdev_op(int cmd, unsigned long arg)
{
	struct physdev_set_iopl iopl;

	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		if (copy_from_guest(&iopl, arg, sizeof(iopl)))
			return -EFAULT;
		if (iopl.iopl > 3)
			return -EINVAL;
		current->iopl = iopl.iopl;
		return 0;
	}
	return hypercall_unimplemented(__HYPERVISOR_physdev_op, cmd);
}
