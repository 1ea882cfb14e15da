/*
 * A PV guest's in/out instructions, emulated on #GP as Xen does: the
 * virtual IOPL decides whether they may run at all; then each port of
 * the access either reaches the hardware, is answered by xen-core (the
 * PCI configuration ports), or reads as all ones and drops writes.
 */
#include <xen-core/pv.h>
#include <xen-core/io.h>
#include <xen-core/pci.h>

bool pv_iopl_allows(const struct vcpu *v)
{
	return v->iopl >= (v->in_kernel ? 1U : 3U);
}

/* Ports xen-core drives itself: the PICs, the PIT and the serial line. */
static bool port_reserved(unsigned int port)
{
	return (port >= 0x20 && port <= 0x21) || (port >= 0xa0 && port <= 0xa1) ||
	       (port >= 0x40 && port <= 0x43) || (port >= 0x3f8 && port <= 0x3ff);
}

/*
 * Whether the whole access may run on the real port.  Only the control
 * domain reaches hardware (no per-domain I/O ranges yet), and never the
 * configuration-data ports or a dword at the configuration address.
 */
static bool port_direct(const struct domain *d, unsigned int port,
			unsigned int bytes)
{
	if (!d->is_privileged || (port == PCI_CONF_ADDRESS && bytes == 4))
		return false;
	for (unsigned int p = port; p < port + bytes; p++)
		if (port_reserved(p) || (p & ~3U) == PCI_CONF_DATA)
			return false;
	return true;
}

static uint32_t hw_in(unsigned int port, unsigned int bytes)
{
	if (bytes == 1)
		return inb(port);
	if (bytes == 2)
		return inw(port);
	return inl(port);
}

static void hw_out(unsigned int port, unsigned int bytes, uint32_t val)
{
	if (bytes == 1)
		outb(port, (uint8_t)val);
	else if (bytes == 2)
		outw(port, (uint16_t)val);
	else
		outl(port, val);
}

/*
 * The size of the next piece of an access split port by port: the
 * configuration dword whole, a data-port access up to the dword's end
 * (3 bytes as 2), a direct word where both ports allow it, else a byte.
 */
static unsigned int piece_size(const struct domain *d, unsigned int port,
			       unsigned int bytes)
{
	unsigned int size;

	if (port == PCI_CONF_ADDRESS && bytes == 4)
		return 4;
	if ((port & ~3U) == PCI_CONF_DATA) {
		size = 4 - (port & 3);
		size = bytes < size ? bytes : size;
		return size == 3 ? 2 : size;
	}
	if (bytes > 1 && !(port & 1) && port_direct(d, port, 2))
		return 2;
	return 1;
}

static uint32_t read_piece(struct domain *d, unsigned int port,
			   unsigned int size)
{
	if (port == PCI_CONF_ADDRESS && size == 4)
		return d->pci_cf8;
	if ((port & ~3U) == PCI_CONF_DATA)
		return d->is_privileged ?
		       pci_conf_read(d->pci_cf8, port & 3, size) : ~0U;
	return port_direct(d, port, size) ? hw_in(port, size) : ~0U;
}

static void write_piece(struct domain *d, unsigned int port,
			unsigned int size, uint32_t val)
{
	if (port == PCI_CONF_ADDRESS && size == 4)
		d->pci_cf8 = val;
	else if ((port & ~3U) == PCI_CONF_DATA) {
		if (d->is_privileged)
			pci_conf_write(d->pci_cf8, port & 3, size, val);
	} else if (port_direct(d, port, size))
		hw_out(port, size, val);
}

static uint32_t size_mask(unsigned int size)
{
	return size == 4 ? ~0U : (1U << (size * 8)) - 1;
}

static uint32_t guest_in(struct domain *d, unsigned int port,
			 unsigned int bytes)
{
	uint32_t val = 0;
	unsigned int shift = 0, size;

	if (port_direct(d, port, bytes))
		return hw_in(port, bytes);
	for (; bytes; port += size, bytes -= size, shift += size * 8) {
		size = piece_size(d, port, bytes);
		val |= (read_piece(d, port, size) & size_mask(size)) << shift;
	}
	return val;
}

static void guest_out(struct domain *d, unsigned int port, unsigned int bytes,
		      uint32_t val)
{
	unsigned int size;

	if (port_direct(d, port, bytes)) {
		hw_out(port, bytes, val);
		return;
	}
	for (; bytes; port += size, bytes -= size) {
		size = piece_size(d, port, bytes);
		write_piece(d, port, size, val & size_mask(size));
		val = size == 4 ? 0 : val >> (size * 8);
	}
}

bool pv_emulate_port_io(struct vcpu *v, struct cpu_regs *regs,
			const uint8_t *op, bool opsize16, unsigned int *len)
{
	unsigned int size = (op[0] & 1) ? (opsize16 ? 2 : 4) : 1;
	unsigned int port;
	uint32_t val;
	bool in;

	switch (op[0]) {
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
		port = op[1];
		in = op[0] < 0xe6;
		*len = 2;
		break;
	case 0xec: case 0xed: case 0xee: case 0xef:
		port = (uint16_t)regs->rdx;
		in = op[0] < 0xee;
		*len = 1;
		break;
	default:
		return false;
	}
	if (!pv_iopl_allows(v) || port + size > 0x10000)
		return false;
	if (!in) {
		guest_out(v->domain, port, size, (uint32_t)regs->rax);
		return true;
	}
	val = guest_in(v->domain, port, size);
	if (size == 4)
		regs->rax = val;	/* a 32-bit result clears the top half */
	else
		regs->rax = (regs->rax & ~(uint64_t)size_mask(size)) | val;
	return true;
}
