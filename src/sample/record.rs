//! The serialisable shape of one GuardDuty finding (camelCase wire format). The per-seed
//! context it borrows from is in [`super::pool`]; the choices per finding in [`super::pick`].

use serde::Serialize;
use serde_json::Value;

use super::time::iso_ms;

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tag {
    pub key: &'static str,
    pub value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrivateIpAddress {
    pub private_dns_name: String,
    pub private_ip_address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NetworkInterface {
    pub ipv6_addresses: Vec<String>,
    pub network_interface_id: String,
    pub private_dns_name: String,
    pub private_ip_address: String,
    pub private_ip_addresses: Vec<PrivateIpAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_dns_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    pub security_groups: Vec<SecurityGroup>,
    pub subnet_id: String,
    pub vpc_id: String,
}

#[derive(Serialize)]
pub(crate) struct ProductCode {
    #[serde(rename = "productCodeId")]
    pub code: &'static str,
    #[serde(rename = "productCodeType")]
    pub product_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IamInstanceProfile {
    pub arn: String,
    pub id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InstanceDetails {
    pub availability_zone: String,
    pub iam_instance_profile: IamInstanceProfile,
    pub image_description: &'static str,
    pub image_id: String,
    pub instance_id: String,
    pub instance_state: &'static str,
    pub instance_type: &'static str,
    pub launch_time: String,
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<&'static str>,
    pub product_codes: Vec<ProductCode>,
    pub tags: Vec<Tag>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccessKeyDetails {
    pub access_key_id: String,
    pub principal_id: String,
    pub user_name: &'static str,
    pub user_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct City {
    pub city_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Country {
    pub country_code: &'static str,
    pub country_name: &'static str,
}

#[derive(Serialize)]
pub(crate) struct GeoLocation {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Organization {
    pub asn: &'static str,
    pub asn_org: &'static str,
    pub isp: &'static str,
    pub org: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RemoteIpDetails {
    pub city: City,
    pub country: Country,
    pub geo_location: GeoLocation,
    pub ip_address_v4: String,
    pub organization: Organization,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortDetails {
    pub port: u16,
    pub port_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LocalIpDetails<'a> {
    pub ip_address_v4: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NetworkConnectionAction<'a> {
    pub blocked: bool,
    pub connection_direction: &'static str,
    pub local_ip_details: LocalIpDetails<'a>,
    pub local_port_details: PortDetails,
    pub protocol: &'static str,
    pub remote_ip_details: &'a RemoteIpDetails,
    pub remote_port_details: PortDetails,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortProbeDetail<'a> {
    pub local_ip_details: LocalIpDetails<'a>,
    pub local_port_details: PortDetails,
    pub remote_ip_details: &'a RemoteIpDetails,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PortProbeAction<'a> {
    pub blocked: bool,
    pub port_probe_details: Vec<PortProbeDetail<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DnsRequestAction {
    pub blocked: bool,
    pub domain: String,
    pub domain_with_suffix: String,
    pub protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AwsApiCallAction<'a> {
    pub affected_resources: Value,
    pub api: &'static str,
    pub caller_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'static str>,
    pub remote_ip_details: &'a RemoteIpDetails,
    pub service_name: &'static str,
    pub user_agent: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Action<'a> {
    pub action_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_connection_action: Option<NetworkConnectionAction<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_probe_action: Option<PortProbeAction<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_request_action: Option<DnsRequestAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_api_call_action: Option<AwsApiCallAction<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes_api_call_action: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rds_login_attempt_action: Option<Value>,
}

#[derive(Serialize)]
pub(crate) struct AdditionalInfo {
    pub value: &'static str,
    #[serde(rename = "type")]
    pub info_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Resource<'a> {
    pub resource_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_details: Option<&'a AccessKeyDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_details: Option<&'a InstanceDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3_bucket_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eks_cluster_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_cluster_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rds_db_instance_details: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rds_db_user_details: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_details: Option<&'a Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Service<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action<'a>>,
    pub additional_info: AdditionalInfo,
    pub archived: bool,
    pub count: u64,
    pub detector_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs_volume_scan_details: Option<Value>,
    pub event_first_seen: String,
    pub event_last_seen: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Value>,
    pub feature_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub malware_scan_details: Option<Value>,
    pub resource_role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_details: Option<Value>,
    pub service_name: &'static str,
}

/// The instants of one finding, in epoch milliseconds (rendered into the ISO strings).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Times {
    pub created_ms: i64,
    pub updated_ms: i64,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Finding<'a> {
    pub account_id: &'static str,
    pub arn: String,
    pub created_at: String,
    pub description: String,
    pub id: String,
    pub partition: &'static str,
    pub region: &'static str,
    pub resource: Resource<'a>,
    pub schema_version: &'static str,
    pub service: Service<'a>,
    pub severity: f64,
    pub title: String,
    #[serde(rename = "type")]
    pub finding_type: &'static str,
    pub updated_at: String,
    #[serde(skip)]
    pub times: Times,
}

impl Finding<'_> {
    /// Re-renders the ISO timestamps from `times`.
    pub(crate) fn render_times(&mut self) {
        self.created_at = iso_ms(self.times.created_ms);
        self.updated_at = iso_ms(self.times.updated_ms);
        self.service.event_first_seen = iso_ms(self.times.first_seen_ms);
        self.service.event_last_seen = iso_ms(self.times.last_seen_ms);
    }
}
