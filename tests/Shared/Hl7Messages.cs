namespace EdgeGateway.Tests.Shared;

/// <summary>HL7 v2 ORU^R01 messages from public sources, as monitors send them (segments end with CR).</summary>
public static class Hl7Messages
{
    /// <summary>
    /// The IHE PCD-01 example of the NIST PCD test tool (sender ACME_Gateway, patient HO2009001^^^NIST^PI;
    /// units in UCUM; MDS/VMD/channel hierarchy OBX with status X), as reproduced in public HL7
    /// validator code on GitHub. Patient name and address removed.
    /// </summary>
    public const string NistPcd01 =
        "MSH|^~\\&|ACME_Gateway^080019FFFE3ED02D^EUI-64|ACME Healthcare|||20110602050000+0000||ORU^R01^ORU_R01|0104ef190d604db188c3|P|2.6|||AL|NE||UNICODE UTF-8|||PCD_DEC_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r" +
        "PID|||HO2009001^^^NIST^PI||Patient^Test^^^^^L\r" +
        "PV1||I|HO Surgery^OR^1|\r" +
        "OBR|1|080019FFFE3ED02D20110602045842^ACME_Gateway^080019FFFE3ED02D^EUI-64|080019FFFE3ED02D20110602045842^ACME_Gateway^080019FFFE3ED02D^EUI-64|182777000^monitoring of patient^SCT|||20110602045842+0000\r" +
        "OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X\r" +
        "OBX|2||70686^MDC_DEV_PRESS_BLD_NONINV_VMD^MDC|1.1.0.0|||||||X\r" +
        "OBX|3||70687^MDC_DEV_PRESS_BLD_NONINV_CHAN^MDC|1.1.1.0|||||||X|||20110602045842+0000\r" +
        "OBX|4|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|120|mm[Hg]^mm[Hg]^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME\r" +
        "OBX|5|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.1.2|80|mm[Hg]^mm[Hg]^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME\r" +
        "OBX|6|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.1.1.3|93|mm[Hg]^mm[Hg]^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME\r" +
        "OBX|7|NM|149546^MDC_PULS_RATE_NON_INV^MDC|1.1.1.4|63|{beat}/min^{beat}/min^UCUM|||||R|||20110602045842+0000||||080019FFFE3ED02D172.16.172.135^GATEWAY_ACME\r";

    /// <summary>
    /// A Comen NC-series patient monitor's ORU^R01 (device KC261551373G, +0800 times, MDC units, a
    /// vendor code 99COMEN, a signal-quality index this gateway does not map, empty height and weight),
    /// from a public HL7 listener's test sender on GitHub. Patient name removed.
    /// </summary>
    public const string ComenMonitor =
        "MSH|^~\\&|NC_Monitor|KC261551373G|||20250610015127+0800||ORU^R01^ORU_R01|202506100151270003|P|2.6||||||UNICODE UTF-8\r" +
        "PID|||10006||||||M||Unknown\r" +
        "PV1||I|^^&10|R\r" +
        "OBR||||1^MON_PARAM^99COMEN|||20250610015127+0800\r" +
        "OBX||NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|97|262688^MDC_DIM_PERCENT^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|160324^MDC_SPO2_SIGNAL_QUALITY_INDEX^MDC|1.3.1.160324|3.56|262688^MDC_DIM_PERCENT^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|149522^MDC_PULS_RATE^MDC|1.0.0.149522|59|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|151562^MDC_RESP_RATE^MDC|1.14.1.151562|20|264928^MDC_DIM_RESP_PER_MIN^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|150344^MDC_TEMP^MDC|1.2.1.150344|37.0|268192^MDC_DIM_DEGC^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.9.150021|120|266016^MDC_DIM_MMHG^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.9.150022|80|266016^MDC_DIM_MMHG^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.1.9.150023|90|266016^MDC_DIM_MMHG^MDC|||||F|||20250610015127+0800\r" +
        "OBX||CNE|2453^COMEN_POS_BODY^99COMEN|1.1.9.2453|2821^COMEN_POS_SITTING^99COMEN||||||F|||20250610015127+0800\r" +
        "OBX||NM|188740^MDC_LEN_BODY_ACTUAL^MDC|1.10.1.188740||263441^MDC_DIM_CENTI_M^MDC|||||F|||20250610015127+0800\r" +
        "OBX||NM|188736^MDC_MASS_BODY_ACTUAL^MDC|1.10.1.188736||263875^MDC_DIM_KILO_G^MDC|||||F|||20250610015127+0800\r";

    /// <summary>A French monitor's message naming the patient by INS (PID-3 with the INS-NIR OID, as IHE PAM France writes it), with a local IPP first.</summary>
    public static string WithIns(string controlId = "MSG0001", string systolic = "128") =>
        $"MSH|^~\\&|MONITOR|SALLE1|EDGEGATEWAY|CENTRE|20261129101500+0100||ORU^R01^ORU_R01|{controlId}|P|2.6|||AL|NE||8859/1\r" +
        "PID|||4512^^^CENTRE&1.2.250.1.999.7&ISO^PI~184077512345678^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS\r" +
        "OBR|1|||182777000^monitoring of patient^SCT|||20261129101400+0100\r" +
        $"OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.150021|{systolic}|266016^MDC_DIM_MMHG^MDC|||||F\r" +
        "OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.1.150022|82|266016^MDC_DIM_MMHG^MDC|||||F\r" +
        "OBX|3|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|96|262688^MDC_DIM_PERCENT^MDC|||||F\r";
}
