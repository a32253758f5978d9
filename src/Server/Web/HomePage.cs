namespace Tracing.Server.Web;

/// <summary>The front page (<c>/</c>): what the service does and where each kind of user starts, in Vietnamese.</summary>
internal static class HomePage
{
    public static IResult Show(bool signedIn) => Html.Page("Trang chủ", """
        <section class="hero">
        <h1>Khai báo y tế và quét mã QR — truy vết COVID-19</h1>
        <p>Mỗi cơ quan, cửa hàng, trường học, bến xe đăng ký một <strong>mã QR địa điểm</strong> và dán ở cửa ra vào.
        Người đến quét mã bằng ứng dụng (PC-COVID, Bluezone) hoặc camera điện thoại khi vào và khi ra; khi có ca bệnh,
        cơ quan y tế biết ngay ai đã ở cùng nơi, cùng lúc để báo cho họ.</p>
        <p class="actions"><a class="button" href="/dang-ky-dia-diem">Đăng ký mã QR địa điểm</a>
        <a class="button secondary" href="/dang-nhap">Đăng nhập quản lý địa điểm</a></p>
        </section>
        <div class="tiles">
        <a href="/dang-ky-dia-diem"><strong>Đăng ký địa điểm</strong>Ba bước: thông tin, mã OTP gửi qua tin nhắn, nhận mã QR để in.</a>
        <a href="/dia-diem"><strong>Quản lý địa điểm</strong>Danh sách địa điểm của bạn, áp phích mã QR, người cùng quản lý.</a>
        <a href="/lich-su-quet"><strong>Lịch sử quét mã QR</strong>Ai đã đến các địa điểm bạn quản lý, và bạn đã đến những đâu.</a>
        <a href="/kiem-soat-vao-ra"><strong>Kiểm soát vào ra bằng máy</strong>Nhân viên ở cửa quét mã QR cá nhân của người đến.</a>
        <a href="/ma-ca-nhan"><strong>Mã QR cá nhân của tôi</strong>Xuất trình ở cửa khi không tự quét được; tải về để in.</a>
        <a href="/ban-do-an-toan"><strong>Bản đồ an toàn</strong>Các cơ sở tự đánh giá an toàn COVID-19 hằng ngày.</a>
        </div>
        <p>Lần đầu sử dụng? Đọc <a href="/huong-dan">Hướng dẫn</a> từng bước.</p>
        """, signedIn);
}
