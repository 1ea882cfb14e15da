/*
 * What the AHCI driver puts in a command table and reads back from the
 * disk, kept apart from the register work so that it can be tested
 * host-side (tests/unit/ahci_cmd_test.c).
 */
#ifndef MINIOS_AHCI_CMD_H
#define MINIOS_AHCI_CMD_H

#include <stdint.h>
#include <minios/dma.h>

#define AHCI_PRD_MAX_BYTES	(4U << 20)
#define ATA_LBA48_SECTORS	(1ULL << 48)

struct ahci_prd {
	uint64_t dba;
	uint32_t reserved;
	uint32_t dbc;		/* bytes - 1 */
};

/* A host-to-device register FIS for an LBA48 command, 20 bytes at @fis. */
void ahci_build_fis(uint8_t *fis, uint8_t command, uint64_t lba,
		    uint16_t count);

/*
 * @prdt[0..n) for @segs; 0 if they need more than @max entries or one
 * is longer than a PRD takes or of odd length (the HBA moves words).
 */
unsigned int ahci_build_prdt(struct ahci_prd *prdt, unsigned int max,
			     const struct dma_seg *segs, unsigned int n);

/*
 * The LBA48 capacity in IDENTIFY DEVICE data (256 words from the disk):
 * 0 without LBA48; at most what 48-bit LBAs reach.
 */
uint64_t ata_identify_sectors(const uint16_t *id);

#endif
