#!/usr/bin/env python3
"""Writes tests/fixtures/hostile/every_string_field_is_a_payload.json: camelCase GuardDuty
findings in which every string an attacker can influence carries an injection payload.

The app must show each payload as text and run none of it. Re-run this script after changing
the payload list; the fixture is committed so tests never need Python."""
import json
import pathlib

PAYLOADS = [
    '<script>window.__pwned="script"</script>',
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "javascript:window.__pwned='javascript-url'",
    '<svg onload="window.__pwned=\'svg\'"><circle r="9"/></svg>',
    "\u202eevil.exe\u202c text with a right-to-left override",
    "=HYPERLINK(\"http://evil.example/\",\"click me\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "emoji 🔥💀🧨 and combining marks Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͕",
    "{{constructor.constructor('window.__pwned=\"template\"')()}}",
    "</textarea><script>window.__pwned='textarea'</script>",
]
LONG = "A" * 2500 + "<script>window.__pwned='long'</script>" + "B" * 2462  # 5,000 characters


def payload(i):
    return PAYLOADS[i % len(PAYLOADS)]


findings = []
for i in range(len(PAYLOADS)):
    p = payload(i)
    findings.append(
        {
            "schemaVersion": "2.0",
            "accountId": "111122223333",
            "region": "us-east-1",
            "partition": "aws",
            "id": f"hostile-{i:02d}",
            "arn": f"arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/hostile-{i:02d}",
            "type": "UnauthorizedAccess:EC2/SSHBruteForce",
            # Odd findings start the title with the payload (CSV formula cells); even ones embed it.
            "title": p if i % 2 else f"Title {i}: {p}",
            "description": LONG if i == 0 else f"Description {i}: {p}",
            "severity": [2, 5, 8, 9.5][i % 4],
            "createdAt": "2026-11-20T10:00:00.000Z",
            "updatedAt": f"2026-11-2{i % 6}T11:00:00.000Z",
            "resource": {
                "resourceType": "Instance",
                "instanceDetails": {
                    "instanceId": f"i-hostile{i:02d}{p}",
                    "instanceType": p,
                    "imageId": p,
                    "imageDescription": p,
                    "tags": [
                        {"key": p, "value": p},
                        {"key": "Name", "value": f"web {p}"},
                        {"key": "env", "value": "prod"},
                    ],
                    "networkInterfaces": [
                        {"publicIp": "203.0.113.9", "privateIpAddress": "10.0.0.9", "vpcId": p}
                    ],
                },
                "accessKeyDetails": {
                    "accessKeyId": f"ASIA{p}",
                    "principalId": p,
                    "userName": p,
                    "userType": "IAMUser",
                },
            },
            "service": {
                "serviceName": "guardduty",
                "detectorId": "d",
                "action": {
                    "actionType": "AWS_API_CALL",
                    "awsApiCallAction": {
                        "api": p,
                        "serviceName": p,
                        "callerType": "Remote IP",
                        "userAgent": p,
                        "domainDetails": {"domain": f"evil{i}.example{p}"},
                        "remoteIpDetails": {
                            "ipAddressV4": f"198.51.100.{i + 1}",
                            "country": {"countryCode": "ZZ", "countryName": p},
                            "city": {"cityName": p},
                            "organization": {"asn": "64496", "asnOrg": p, "isp": p, "org": p},
                        },
                    },
                },
                "evidence": {
                    "threatIntelligenceDetails": [{"threatListName": p, "threatNames": [p]}]
                },
                "additionalInfo": {"value": json.dumps({"note": p}), "type": "default"},
                "eventFirstSeen": "2026-11-20T10:00:00.000Z",
                "eventLastSeen": f"2026-11-2{i % 6}T11:00:00.000Z",
                "archived": False,
                "count": i + 1,
                "resourceRole": "TARGET",
            },
        }
    )

out = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/hostile/every_string_field_is_a_payload.json"
out.write_text(json.dumps(findings, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {out} ({len(findings)} findings)")
