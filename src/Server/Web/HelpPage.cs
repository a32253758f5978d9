namespace Tracing.Server.Web;

/// <summary>"Hướng dẫn" (<c>/huong-dan</c>): how to register a venue, print its QR code, check visitors in, read the history and use a personal code.</summary>
internal static class HelpPage
{
    public static void Map(WebApplication app)
        => app.MapGet("/huong-dan", (HttpContext context) => Html.Page("Hướng dẫn", Body, PortalSession.TokenOf(context) is not null));

    private const string Body = """
        <h1>Hướng dẫn sử dụng</h1>
        <nav class="panel" aria-label="Mục lục"><ol>
        <li><a href="#dang-ky">Đăng ký mã QR địa điểm</a></li>
        <li><a href="#in-ma">In mã QR và dán ở cửa</a></li>
        <li><a href="#vao-ra">Kiểm soát người vào, ra</a></li>
        <li><a href="#lich-su">Xem lịch sử quét mã QR</a></li>
        <li><a href="#ca-nhan">Mã QR cá nhân</a></li>
        <li><a href="#ho-tro">Hỗ trợ</a></li>
        </ol></nav>
        <section class="panel" id="dang-ky"><h2>1. Đăng ký mã QR địa điểm</h2>
        <p>Vào <a href="/dang-ky-dia-diem">Đăng ký địa điểm</a>. Đăng ký qua 3 bước:</p>
        <ol>
        <li><strong>Đăng ký thông tin:</strong> nhập Tên địa điểm; chọn lần lượt Tỉnh/TP, Quận/Huyện, Phường/Xã trong danh sách;
        nhập Số nhà, phố, tổ dân phố/thôn/đội, Họ và tên và Số điện thoại người đăng ký, chọn Loại hình; bấm "Tiếp tục bước 2".
        Nếu trình duyệt tắt JavaScript, sau khi chọn Tỉnh/TP bấm "Cập nhật danh sách" để hiện các Quận/Huyện.</li>
        <li><strong>Nhập mã OTP:</strong> hệ thống gửi tin nhắn có mã OTP 6 chữ số tới số điện thoại người đăng ký. Mã có thể đến sau 15–30 giây
        và hết hạn sau vài phút (trang ghi rõ còn bao lâu). Nhập mã và bấm "Tiếp tục bước 3". Chưa nhận được? Bấm "Gửi lại mã OTP".</li>
        <li><strong>Hoàn thành:</strong> trang hiện mã địa điểm (dạng V-XXXXX-XXXXX-X) và mã QR. Bạn đã được đăng nhập bằng số điện thoại này.</li>
        </ol>
        <p>Đã đăng nhập thì chỉ còn 2 bước: họ tên và số điện thoại được điền sẵn. Một toà nhà, chợ hay trường có nhiều đơn vị bên trong:
        đăng ký toà nhà trước, rồi khi đăng ký từng đơn vị chọn toà nhà ở ô "Nằm trong địa điểm".</p></section>
        <section class="panel" id="in-ma"><h2>2. In mã QR và dán ở cửa</h2>
        <p>Trong <a href="/dia-diem">Quản lý địa điểm</a>, bấm tên địa điểm. Bấm "Tải áp phích A4" để tải áp phích có tên, địa chỉ, mã QR
        và hướng dẫn cho người đến; in và dán ở nơi dễ thấy tại mỗi cửa ra vào. "Mã QR (PNG)" và "Mã QR (SVG)" là riêng mã QR, để chèn vào tài liệu của bạn.</p></section>
        <section class="panel" id="vao-ra"><h2>3. Kiểm soát người vào, ra</h2>
        <p>Người đến tự quét mã QR của địa điểm bằng ứng dụng hoặc camera điện thoại, khi vào và khi ra.
        Người không tự quét được (không có điện thoại thông minh, người cao tuổi, trẻ em): nhân viên ở cửa mở
        <a href="/kiem-soat-vao-ra">Kiểm soát vào ra bằng máy</a>, chọn địa điểm, rồi quét mã QR cá nhân của người đến bằng máy quét
        hoặc camera, hoặc nhập tay họ tên, số điện thoại. Người cần kiểm tra y tế được đánh dấu để nhân viên hướng dẫn.</p></section>
        <section class="panel" id="lich-su"><h2>4. Xem lịch sử quét mã QR</h2>
        <p>Vào <a href="/lich-su-quet">Lịch sử quét mã QR</a> để xem ai đã đến các địa điểm bạn quản lý: lọc theo thời gian, người đến, địa điểm,
        và bấm "Xuất file" để tải bảng tính. Số điện thoại và tên người đến được che bớt để bảo vệ thông tin cá nhân.
        Mục "Tôi đến các địa điểm" cho biết những nơi bạn đã quét mã và các cảnh báo phơi nhiễm gửi tới bạn.</p></section>
        <section class="panel" id="ca-nhan"><h2>5. Mã QR cá nhân</h2>
        <p>Vào <a href="/ma-ca-nhan">Mã QR cá nhân của tôi</a> để xem mã của bạn và tải về dạng ảnh PNG (có họ tên bên dưới) để in hoặc lưu vào điện thoại.
        Xuất trình mã này ở cửa để nhân viên quét. Mã có hạn dùng; hết hạn thì mở lại trang để lấy mã mới.</p></section>
        <section class="panel" id="ho-tro"><h2>6. Hỗ trợ</h2>
        <p>Đường dây nóng Bộ Y tế: <a href="tel:19009095"><strong>1900 9095</strong></a>. Tổng đài hỗ trợ phòng, chống COVID-19: <a href="tel:19003228">1900 3228</a>.
        Khi có triệu chứng sốt, ho, khó thở: ở nhà, gọi trạm y tế xã, phường nơi bạn ở hoặc đường dây nóng.</p></section>
        """;
}
