/**
 * The EMR security configuration of the environment's clusters, as the JSON EMR reads:
 * at-rest encryption of EMRFS data in S3 (SSE-KMS) and of local disks and EBS volumes, both
 * with the platform's key, and IMDSv2 only on the nodes.
 *
 * In-transit encryption is off: EMR needs a TLS certificate provider for it (a zip of PEM
 * files in S3, or a custom provider class), which `pulumi up` cannot create without a
 * certificate authority. Traffic stays inside the VPC's private subnets; turn it on by adding
 * `EnableInTransitEncryption` with a `TLSCertificateConfiguration` once a certificate exists.
 */
export function emrSecurityConfiguration(keyArn: string): object {
  return {
    EncryptionConfiguration: {
      EnableInTransitEncryption: false,
      EnableAtRestEncryption: true,
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: keyArn },
        LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: keyArn, EnableEbsEncryption: true },
      },
    },
    InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: 2, HttpPutResponseHopLimit: 1 },
  };
}
