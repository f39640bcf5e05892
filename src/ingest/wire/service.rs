//! Wire structs of a native finding's `service`: the action (API call, DNS, network, port
//! probe, Kubernetes, RDS login), actors and their location, threat intelligence, the attack
//! sequence and the additional info.

use serde::Deserialize as DeriveDeserialize;

use crate::ingest::lenient;

/// `service`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Service<'a> {
    #[serde(rename = "action", alias = "Action")]
    #[serde(borrow)]
    pub action: lenient::Obj<Action<'a>>,
    #[serde(rename = "archived", alias = "Archived")]
    pub archived: lenient::Bool,
    #[serde(rename = "count", alias = "Count")]
    pub count: lenient::Num,
    #[serde(rename = "eventFirstSeen", alias = "EventFirstSeen")]
    pub event_first_seen: lenient::Time,
    #[serde(rename = "eventLastSeen", alias = "EventLastSeen")]
    pub event_last_seen: lenient::Time,
    #[serde(rename = "resourceRole", alias = "ResourceRole")]
    #[serde(borrow)]
    pub resource_role: lenient::Str<'a>,
    #[serde(rename = "featureName", alias = "FeatureName")]
    #[serde(borrow)]
    pub feature_name: lenient::Str<'a>,
    #[serde(rename = "additionalInfo", alias = "AdditionalInfo")]
    #[serde(borrow)]
    pub additional_info: lenient::Obj<AdditionalInfo<'a>>,
    #[serde(rename = "evidence", alias = "Evidence")]
    #[serde(borrow)]
    pub evidence: lenient::Obj<Evidence<'a>>,
    #[serde(rename = "detection", alias = "Detection")]
    #[serde(borrow)]
    pub detection: lenient::Obj<Detection<'a>>,
    #[serde(rename = "malwareScanDetails", alias = "MalwareScanDetails")]
    #[serde(borrow)]
    pub malware_scan_details: lenient::Obj<super::malware::MalwareScanDetails<'a>>,
    #[serde(rename = "ebsVolumeScanDetails", alias = "EbsVolumeScanDetails")]
    #[serde(borrow)]
    pub ebs_volume_scan_details: lenient::Obj<super::malware::EbsVolumeScanDetails<'a>>,
}
/// `service.additionalInfo` (the wire adds flattened keys beside `value`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct AdditionalInfo<'a> {
    #[serde(rename = "value", alias = "Value")]
    #[serde(borrow)]
    pub value: lenient::Str<'a>,
    #[serde(rename = "threatListName", alias = "ThreatListName")]
    #[serde(borrow)]
    pub threat_list_name: lenient::Str<'a>,
    #[serde(rename = "threatName", alias = "ThreatName")]
    #[serde(borrow)]
    pub threat_name: lenient::Str<'a>,
    #[serde(rename = "sample", alias = "Sample")]
    pub sample: lenient::Bool,
}
/// `service.evidence`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Evidence<'a> {
    #[serde(
        rename = "threatIntelligenceDetails",
        alias = "ThreatIntelligenceDetails"
    )]
    #[serde(borrow)]
    pub threat_intelligence_details: lenient::List<lenient::Obj<ThreatIntel<'a>>>,
}
/// One `threatIntelligenceDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct ThreatIntel<'a> {
    #[serde(rename = "threatListName", alias = "ThreatListName")]
    #[serde(borrow)]
    pub threat_list_name: lenient::Str<'a>,
    #[serde(rename = "threatNames", alias = "ThreatNames")]
    #[serde(borrow)]
    pub threat_names: lenient::List<lenient::Str<'a>>,
}
/// `service.detection`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Detection<'a> {
    #[serde(rename = "sequence", alias = "Sequence")]
    #[serde(borrow)]
    pub sequence: lenient::Obj<Sequence<'a>>,
}
/// `service.detection.sequence` (Extended Threat Detection).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Sequence<'a> {
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "description", alias = "Description")]
    #[serde(borrow)]
    pub description: lenient::Str<'a>,
    #[serde(rename = "resources", alias = "Resources")]
    #[serde(borrow)]
    pub resources: lenient::List<lenient::Obj<SequenceResource<'a>>>,
    #[serde(rename = "endpoints", alias = "Endpoints")]
    #[serde(borrow)]
    pub endpoints: lenient::List<lenient::Obj<Endpoint<'a>>>,
    #[serde(rename = "signals", alias = "Signals")]
    #[serde(borrow)]
    pub signals: lenient::List<lenient::Obj<Signal<'a>>>,
    #[serde(rename = "sequenceIndicators", alias = "SequenceIndicators")]
    #[serde(borrow)]
    pub sequence_indicators: lenient::List<lenient::Obj<Indicator<'a>>>,
}
/// One attack-sequence resource (`ResourceV2`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct SequenceResource<'a> {
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "resourceType", alias = "ResourceType")]
    #[serde(borrow)]
    pub resource_type: lenient::Str<'a>,
    #[serde(rename = "accountId", alias = "AccountId")]
    #[serde(borrow)]
    pub account_id: lenient::Str<'a>,
    #[serde(rename = "region", alias = "Region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
}
/// One attack-sequence network endpoint.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Endpoint<'a> {
    #[serde(rename = "id", alias = "Id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "ip", alias = "Ip")]
    #[serde(borrow)]
    pub ip: lenient::Str<'a>,
    #[serde(rename = "domain", alias = "Domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
    #[serde(rename = "port", alias = "Port")]
    pub port: lenient::Num,
    #[serde(rename = "location", alias = "Location")]
    #[serde(borrow)]
    pub location: lenient::Obj<Location<'a>>,
    #[serde(rename = "autonomousSystem", alias = "AutonomousSystem")]
    #[serde(borrow)]
    pub autonomous_system: lenient::Obj<AutonomousSystem<'a>>,
}
/// An endpoint's location.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Location<'a> {
    #[serde(rename = "city", alias = "City")]
    #[serde(borrow)]
    pub city: lenient::Str<'a>,
    #[serde(rename = "country", alias = "Country")]
    #[serde(borrow)]
    pub country: lenient::Str<'a>,
    #[serde(rename = "lat", alias = "Lat", alias = "Latitude", alias = "latitude")]
    pub lat: lenient::Num,
    #[serde(
        rename = "lon",
        alias = "Lon",
        alias = "Longitude",
        alias = "longitude"
    )]
    pub lon: lenient::Num,
}
/// An endpoint's autonomous system.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct AutonomousSystem<'a> {
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "number", alias = "Number")]
    #[serde(borrow)]
    pub number: lenient::Str<'a>,
}
/// One attack-sequence signal.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Signal<'a> {
    #[serde(rename = "uid", alias = "Uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "type", alias = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "name", alias = "Name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
}
/// One attack-sequence indicator.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Indicator<'a> {
    #[serde(rename = "key", alias = "Key")]
    #[serde(borrow)]
    pub key: lenient::Str<'a>,
    #[serde(rename = "values", alias = "Values")]
    #[serde(borrow)]
    pub values: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "title", alias = "Title")]
    #[serde(borrow)]
    pub title: lenient::Str<'a>,
}
/// `service.action`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Action<'a> {
    #[serde(rename = "actionType", alias = "ActionType")]
    #[serde(borrow)]
    pub action_type: lenient::Str<'a>,
    #[serde(rename = "awsApiCallAction", alias = "AwsApiCallAction")]
    #[serde(borrow)]
    pub aws_api_call_action: lenient::Obj<ApiCall<'a>>,
    #[serde(rename = "dnsRequestAction", alias = "DnsRequestAction")]
    #[serde(borrow)]
    pub dns_request_action: lenient::Obj<DnsRequest<'a>>,
    #[serde(rename = "networkConnectionAction", alias = "NetworkConnectionAction")]
    #[serde(borrow)]
    pub network_connection_action: lenient::Obj<NetworkConnection<'a>>,
    #[serde(rename = "portProbeAction", alias = "PortProbeAction")]
    #[serde(borrow)]
    pub port_probe_action: lenient::Obj<PortProbe<'a>>,
    #[serde(rename = "kubernetesApiCallAction", alias = "KubernetesApiCallAction")]
    #[serde(borrow)]
    pub kubernetes_api_call_action: lenient::Obj<KubernetesApiCall<'a>>,
    #[serde(rename = "rdsLoginAttemptAction", alias = "RdsLoginAttemptAction")]
    #[serde(borrow)]
    pub rds_login_attempt_action: lenient::Obj<RdsLogin<'a>>,
}
/// `awsApiCallAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct ApiCall<'a> {
    #[serde(rename = "api", alias = "Api")]
    #[serde(borrow)]
    pub api: lenient::Str<'a>,
    #[serde(rename = "serviceName", alias = "ServiceName")]
    #[serde(borrow)]
    pub service_name: lenient::Str<'a>,
    #[serde(rename = "callerType", alias = "CallerType")]
    #[serde(borrow)]
    pub caller_type: lenient::Str<'a>,
    #[serde(rename = "userAgent", alias = "UserAgent")]
    #[serde(borrow)]
    pub user_agent: lenient::Str<'a>,
    #[serde(rename = "errorCode", alias = "ErrorCode")]
    #[serde(borrow)]
    pub error_code: lenient::Str<'a>,
    #[serde(rename = "domainDetails", alias = "DomainDetails")]
    #[serde(borrow)]
    pub domain_details: lenient::Obj<Domain<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<RemoteIp<'a>>,
}
/// `domainDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Domain<'a> {
    #[serde(rename = "domain", alias = "Domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
}
/// `dnsRequestAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct DnsRequest<'a> {
    #[serde(rename = "domain", alias = "Domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
    #[serde(rename = "protocol", alias = "Protocol")]
    #[serde(borrow)]
    pub protocol: lenient::Str<'a>,
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: lenient::Bool,
}
/// `networkConnectionAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct NetworkConnection<'a> {
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: lenient::Bool,
    #[serde(rename = "connectionDirection", alias = "ConnectionDirection")]
    #[serde(borrow)]
    pub connection_direction: lenient::Str<'a>,
    #[serde(rename = "protocol", alias = "Protocol")]
    #[serde(borrow)]
    pub protocol: lenient::Str<'a>,
    #[serde(rename = "localPortDetails", alias = "LocalPortDetails")]
    #[serde(borrow)]
    pub local_port_details: lenient::Obj<Port<'a>>,
    #[serde(rename = "remotePortDetails", alias = "RemotePortDetails")]
    #[serde(borrow)]
    pub remote_port_details: lenient::Obj<Port<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<RemoteIp<'a>>,
}
/// `localPortDetails` / `remotePortDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Port<'a> {
    #[serde(rename = "port", alias = "Port")]
    pub port: lenient::Num,
    #[serde(rename = "portName", alias = "PortName")]
    #[serde(borrow)]
    pub port_name: lenient::Str<'a>,
}
/// `portProbeAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct PortProbe<'a> {
    #[serde(rename = "blocked", alias = "Blocked")]
    pub blocked: lenient::Bool,
    #[serde(rename = "portProbeDetails", alias = "PortProbeDetails")]
    #[serde(borrow)]
    pub port_probe_details: lenient::List<lenient::Obj<PortProbeDetail<'a>>>,
}
/// One `portProbeDetails` entry.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct PortProbeDetail<'a> {
    #[serde(rename = "localPortDetails", alias = "LocalPortDetails")]
    #[serde(borrow)]
    pub local_port_details: lenient::Obj<Port<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<RemoteIp<'a>>,
}
/// `kubernetesApiCallAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct KubernetesApiCall<'a> {
    #[serde(rename = "requestUri", alias = "RequestUri")]
    #[serde(borrow)]
    pub request_uri: lenient::Str<'a>,
    #[serde(rename = "verb", alias = "Verb")]
    #[serde(borrow)]
    pub verb: lenient::Str<'a>,
    #[serde(rename = "userAgent", alias = "UserAgent")]
    #[serde(borrow)]
    pub user_agent: lenient::Str<'a>,
    #[serde(rename = "sourceIPs", alias = "SourceIps", alias = "sourceIps")]
    #[serde(borrow)]
    pub source_ips: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<RemoteIp<'a>>,
}
/// `rdsLoginAttemptAction`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct RdsLogin<'a> {
    #[serde(rename = "remoteIpDetails", alias = "RemoteIpDetails")]
    #[serde(borrow)]
    pub remote_ip_details: lenient::Obj<RemoteIp<'a>>,
    #[serde(rename = "LoginAttributes", alias = "loginAttributes")]
    #[serde(borrow)]
    pub login_attributes: lenient::List<lenient::Obj<LoginAttribute<'a>>>,
}
/// One RDS login attribute.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct LoginAttribute<'a> {
    #[serde(rename = "user", alias = "User")]
    #[serde(borrow)]
    pub user: lenient::Str<'a>,
    #[serde(rename = "application", alias = "Application")]
    #[serde(borrow)]
    pub application: lenient::Str<'a>,
}
/// `remoteIpDetails`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct RemoteIp<'a> {
    #[serde(rename = "ipAddressV4", alias = "IpAddressV4")]
    #[serde(borrow)]
    pub ip_address_v4: lenient::Str<'a>,
    #[serde(rename = "ipAddressV6", alias = "IpAddressV6")]
    #[serde(borrow)]
    pub ip_address_v6: lenient::Str<'a>,
    #[serde(rename = "country", alias = "Country")]
    #[serde(borrow)]
    pub country: lenient::Obj<Country<'a>>,
    #[serde(rename = "city", alias = "City")]
    #[serde(borrow)]
    pub city: lenient::Obj<City<'a>>,
    #[serde(rename = "geoLocation", alias = "GeoLocation")]
    pub geo_location: lenient::Obj<Geo>,
    #[serde(rename = "organization", alias = "Organization")]
    #[serde(borrow)]
    pub organization: lenient::Obj<Organization<'a>>,
}
/// `country`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Country<'a> {
    #[serde(rename = "countryCode", alias = "CountryCode")]
    #[serde(borrow)]
    pub country_code: lenient::Str<'a>,
    #[serde(rename = "countryName", alias = "CountryName")]
    #[serde(borrow)]
    pub country_name: lenient::Str<'a>,
}
/// `city`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct City<'a> {
    #[serde(rename = "cityName", alias = "CityName")]
    #[serde(borrow)]
    pub city_name: lenient::Str<'a>,
}
/// `geoLocation` (`lat`/`lon` on the wire, `Lat`/`Lon` in the CLI).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Geo {
    #[serde(rename = "lat", alias = "Lat", alias = "Latitude", alias = "latitude")]
    pub lat: lenient::Num,
    #[serde(
        rename = "lon",
        alias = "Lon",
        alias = "Longitude",
        alias = "longitude"
    )]
    pub lon: lenient::Num,
}
/// `organization`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Organization<'a> {
    #[serde(rename = "asn", alias = "Asn")]
    #[serde(borrow)]
    pub asn: lenient::Str<'a>,
    #[serde(rename = "asnOrg", alias = "AsnOrg")]
    #[serde(borrow)]
    pub asn_org: lenient::Str<'a>,
    #[serde(rename = "isp", alias = "Isp")]
    #[serde(borrow)]
    pub isp: lenient::Str<'a>,
    #[serde(rename = "org", alias = "Org")]
    #[serde(borrow)]
    pub org: lenient::Str<'a>,
}
