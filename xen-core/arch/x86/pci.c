/* PCI configuration space through 0xCF8/0xCFC (see pci.h). */
#include <xen-core/io.h>
#include <xen-core/pci.h>
#include <xen-core/spinlock.h>

static spinlock_t pci_config_lock;

uint32_t pci_conf_read(uint32_t cf8, unsigned int offset, unsigned int bytes)
{
	unsigned long flags = spin_lock_irqsave(&pci_config_lock);
	uint32_t val;

	outl(PCI_CONF_ADDRESS, cf8);
	if (bytes == 1)
		val = inb(PCI_CONF_DATA + offset);
	else if (bytes == 2)
		val = inw(PCI_CONF_DATA + offset);
	else
		val = inl(PCI_CONF_DATA + offset);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return val;
}

void pci_conf_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
		    uint32_t data)
{
	unsigned long flags = spin_lock_irqsave(&pci_config_lock);

	outl(PCI_CONF_ADDRESS, cf8);
	if (bytes == 1)
		outb(PCI_CONF_DATA + offset, (uint8_t)data);
	else if (bytes == 2)
		outw(PCI_CONF_DATA + offset, (uint16_t)data);
	else
		outl(PCI_CONF_DATA + offset, data);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}
